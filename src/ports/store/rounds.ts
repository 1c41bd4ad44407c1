import type { RoundState, VoteChoice } from "../../domain/review";

export interface RoundRecord {
  id: string;
  proposalId: string;
  number: number;
  state: RoundState;
  openedBy: string;
  openedAt: Date;
  deadline: Date;
  closedAt: Date | null;
  closedBy: string | null;
  closeReason: string | null;
}

export interface VoteRecord {
  roundId: string;
  memberId: string;
  choice: VoteChoice;
  comment: string | null;
  platform: string;
  updatedAt: Date;
}

export interface RoundsRepo {
  create(r: Omit<RoundRecord, "closedAt" | "closedBy" | "closeReason">): Promise<RoundRecord>;
  get(id: string): Promise<RoundRecord | null>;
  listByProposal(proposalId: string): Promise<RoundRecord[]>;
  /** open rounds whose deadline is at or before `now` */
  listOpenDue(now: Date): Promise<RoundRecord[]>;
  update(id: string, patch: Partial<Omit<RoundRecord, "id" | "proposalId" | "number">>): Promise<RoundRecord>;
}

export interface VotesRepo {
  listByRound(roundId: string): Promise<VoteRecord[]>;
  upsert(v: Omit<VoteRecord, "updatedAt">): Promise<VoteRecord>;
}
