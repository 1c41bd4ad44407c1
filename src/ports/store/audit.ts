export interface AuditRecord {
  at: Date;
  actor: string;
  platform: string;
  action: string;
  subjectType: string;
  subjectId: string;
  proposalId: string | null;
  data: unknown;
}

export interface NewAudit {
  actor: string;
  platform: string;
  action: string;
  subjectType: string;
  subjectId: string;
  proposalId?: string | null;
  data?: unknown;
}

export interface AuditRepo {
  add(e: NewAudit): Promise<void>;
  listByProposal(proposalId: string): Promise<AuditRecord[]>;
  listBySubject(subjectType: string, subjectId: string): Promise<AuditRecord[]>;
  /** the trail in order, from `from` (inclusive) to `to` (exclusive), either open, in pages */
  listBetween(from: Date | null, to: Date | null, afterId: number, limit: number): Promise<Array<AuditRecord & { id: number }>>;
}
