export type RoutingState = "pending" | "taken" | "returned" | "closed";

export interface RoutingRecord {
  id: string;
  proposalId: string;
  departmentCode: string;
  state: RoutingState;
  reason: string | null;
  respondedBy: string | null;
  respondedAt: Date | null;
  createdAt: Date;
}

export interface RoutingsRepo {
  create(r: Omit<RoutingRecord, "respondedAt" | "respondedBy" | "reason">): Promise<RoutingRecord>;
  get(id: string): Promise<RoutingRecord | null>;
  find(proposalId: string, departmentCode: string): Promise<RoutingRecord | null>;
  listByProposal(proposalId: string): Promise<RoutingRecord[]>;
  /** routings still waiting for one of these departments to answer, oldest first; at most `limit` */
  pendingFor(departmentCodes: string[], limit: number): Promise<RoutingRecord[]>;
  update(id: string, patch: Partial<Omit<RoutingRecord, "id" | "proposalId" | "departmentCode">>): Promise<RoutingRecord>;
}
