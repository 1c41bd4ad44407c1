import type { AgreementKind, AgreementState } from "../../domain/agreement";
import type { Pattern } from "../../domain/proposal";

export interface AgreementRecord {
  id: string;
  number: number;
  kind: AgreementKind;
  proposalId: string | null;
  companyId: string;
  /** the company as the agreement names it (typed by staff); older agreements have none */
  companyName?: string | null;
  title: string;
  pattern: Pattern;
  departmentCode: string;
  startDate: string;
  endDate: string | null;
  costToCity: boolean;
  moneyTerms: string | null;
  documentUrl: string | null;
  exceptionReason: string | null;
  exceptionApprovedBy: string | null;
  consentBy: string | null;
  consentReason: string | null;
  notes: string | null;
  state: AgreementState;
  predecessorId: string | null;
  endDecision: string | null;
  /** the board round that approved the city's cost (§5(1)); a renewal needs a later one */
  approvalRoundId: string | null;
  concludedAt: Date | null;
  /** window: through the window; own: a department's own partnership (§6(1) ただし書) */
  origin?: AgreementOrigin;
  /** the window marked it as needing its support */
  needsSupport?: boolean;
  companyContact?: string | null;
  cityContact?: string | null;
  /** a row of an imported list (importing it again changes nothing) */
  importKey?: string | null;
  /** JSON: columns of an imported list with no field here, as they were */
  extra?: string | null;
  createdBy: string;
  createdAt: Date;
}

export type AgreementOrigin = "window" | "own";

export interface StatusReportRecord {
  id: string;
  agreementId: string;
  status: string;
  done: string;
  outcomes: string | null;
  problems: string | null;
  reportedBy: string;
  platform: string;
  /** 効果額 (yen) and the agreement's department at the time (src/app/reports) */
  estimatedAmount?: number | null;
  departmentCode?: string | null;
  createdAt: Date;
}

export interface AgreementsRepo {
  nextNumber(): Promise<number>;
  create(a: Omit<AgreementRecord, "createdAt">): Promise<AgreementRecord>;
  get(id: string): Promise<AgreementRecord | null>;
  getSuccessor(id: string): Promise<AgreementRecord | null>;
  findByCompanyTitleStart(companyId: string, title: string, startDate: string): Promise<AgreementRecord | null>;
  getByNumber(number: number): Promise<AgreementRecord | null>;
  /** the agreement an imported list's row became */
  findByImportKey(importKey: string): Promise<AgreementRecord | null>;
  /** an import that keeps its numbers: later agreements are numbered after `number` */
  numberAtLeast(number: number): Promise<void>;
  list(filter?: { state?: AgreementState; departmentCode?: string; companyId?: string }): Promise<AgreementRecord[]>;
  listByProposal(proposalId: string): Promise<AgreementRecord[]>;
  update(id: string, patch: Partial<Omit<AgreementRecord, "id" | "number" | "createdAt">>): Promise<AgreementRecord>;
}

export interface ReportsRepo {
  create(r: Omit<StatusReportRecord, "id">): Promise<StatusReportRecord>;
  listByAgreement(agreementId: string): Promise<StatusReportRecord[]>;
}
