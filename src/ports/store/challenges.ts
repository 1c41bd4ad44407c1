import type { ChallengeChange, ChallengeKind, ChallengeState } from "../../domain/challenge";

/** 地域課題・テーマ型募集 */
export interface ChallengeRecord {
  id: string;
  number: number;
  kind: ChallengeKind;
  title: string;
  description: string;
  departmentCode: string;
  deadline: string;
  closesAt: Date;
  state: ChallengeState;
  publishedBy: string;
  createdAt: Date;
  closedAt: Date | null;
  /** the latest change staff made to it, and what it was */
  changedAt: Date | null;
  changeKind: ChallengeChange | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

/** What a change by staff may set (text, deadline, withdrawal), with when and what it was. */
export type ChallengePatch = Partial<Pick<ChallengeRecord, "title" | "description" | "deadline" | "closesAt" | "state" | "withdrawnAt" | "withdrawReason">> & {
  changedAt: Date;
  changeKind: ChallengeChange;
};

export interface ChallengesRepo {
  nextNumber(): Promise<number>;
  create(c: Omit<ChallengeRecord, "createdAt" | "closedAt" | "state" | "changedAt" | "changeKind" | "withdrawnAt" | "withdrawReason"> & { createdAt?: Date }): Promise<ChallengeRecord>;
  get(id: string): Promise<ChallengeRecord | null>;
  getByNumber(number: number): Promise<ChallengeRecord | null>;
  /** open calls first (nearest deadline first), then the most recently closed or withdrawn ones; at most `limit` */
  listPublic(limit: number): Promise<ChallengeRecord[]>;
  /** open calls whose close time is at or before `now` */
  listDue(now: Date): Promise<ChallengeRecord[]>;
  /** closes an open call; false when it was closed already (by another process) */
  close(id: string, at: Date): Promise<boolean>;
  /** changes an open call; false when it is open no longer (closed or withdrawn meanwhile) */
  change(id: string, patch: ChallengePatch): Promise<boolean>;
}
