import type { Pattern, ProposalStatus } from "../../domain/proposal";

export interface ProposalRecord {
  id: string;
  number: number;
  companyId: string;
  title: string;
  summary: string;
  fields: string[];
  pattern: Pattern;
  costToCity: boolean;
  desiredStart: string | null;
  contactName: string;
  email: string;
  phone: string | null;
  source: string;
  status: ProposalStatus;
  ownerDepartment: string | null;
  ownerOpinion: string | null;
  companyBearsDevCost: boolean;
  /** the challenge or theme call it answers */
  challengeId: string | null;
  /** the company's name as this proposal gave it (the directory, matched by 法人番号, may know another) */
  submittedCompanyName: string | null;
  /** the 法人番号 as this proposal gave it (from outside it never changes the directory's record) */
  submittedCorporateNumber?: string | null;
  /** when the company withdrew it (the window recorded it) */
  withdrawnAt?: Date | null;
  /** the language the company wrote in (its mail is in it); null: the city's */
  locale?: string | null;
  createdAt: Date;
}

export interface ProposalsRepo {
  nextNumber(): Promise<number>;
  /** with the hash of its private status link's token */
  create(p: Omit<ProposalRecord, "createdAt"> & { createdAt?: Date }, statusTokenHash?: string): Promise<ProposalRecord>;
  getByStatusTokenHash(hash: string): Promise<ProposalRecord | null>;
  /** a new private status link (the old one stops working) */
  setStatusTokenHash(id: string, hash: string): Promise<void>;
  listByChallenge(challengeId: string): Promise<ProposalRecord[]>;
  get(id: string): Promise<ProposalRecord | null>;
  getByNumber(number: number): Promise<ProposalRecord | null>;
  update(id: string, patch: Partial<Omit<ProposalRecord, "id" | "number" | "createdAt">>): Promise<ProposalRecord>;
  listByCompany(companyId: string): Promise<ProposalRecord[]>;
  /** proposals still being worked on (not concluded or rejected), oldest first */
  listOpen(limit: number): Promise<ProposalRecord[]>;
}
