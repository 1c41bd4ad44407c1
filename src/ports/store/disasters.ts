/** 災害協定: outside the policy's workflow (§3); the window keeps them, surveys them and imports the lists offices keep. */
export interface DisasterRecord {
  id: string;
  companyId: string;
  title: string;
  summary: string;
  /** where it came from: a platform, the desk, or an imported file */
  source: string;
  departmentCode: string | null;
  /** JSON array: every counterparty the record names (the first is companyId's) */
  counterparties: string | null;
  concludedOn: string | null;
  endDate: string | null;
  /** JSON array of kinds of help (goods, staff, transport, medical, shelter, publicity …) */
  helpKinds: string | null;
  lastUsedOn: string | null;
  companyContact: string | null;
  cityContact: string | null;
  state: "active" | "ended";
  importKey: string | null;
  extra: string | null;
  createdAt: Date;
}

export type NewDisasterRecord = Pick<DisasterRecord, "companyId" | "title" | "summary" | "source"> & Partial<Omit<DisasterRecord, "id" | "createdAt">>;

export interface DisastersRepo {
  create(d: NewDisasterRecord): Promise<{ id: string }>;
  get(id: string): Promise<DisasterRecord | null>;
  findByImportKey(importKey: string): Promise<DisasterRecord | null>;
  list(filter?: { departmentCode?: string; companyId?: string }): Promise<DisasterRecord[]>;
  /** an amendment in an imported list (a new end date, kinds of help, summary) */
  update(id: string, patch: Partial<Omit<DisasterRecord, "id" | "createdAt">>): Promise<void>;
}
