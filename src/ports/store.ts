/**
 * Persistence as the use cases see it. src/db implements it with Prisma; a use case runs its writes in
 * one `store.tx(...)` so the change, its audit event and its outgoing messages commit together.
 */
import type { AgreementKind, AgreementState } from "../domain/agreement";
import type { ChallengeKind, ChallengeState } from "../domain/challenge";
import type { Pattern, ProposalStatus } from "../domain/proposal";
import type { RoundState, VoteChoice } from "../domain/review";
import type { Platform } from "./chat";
import type { ReportsQuery } from "./reports";

export interface CompanyRecord {
  id: string;
  name: string;
  normalizedName: string;
  corporateNumber: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
}

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
  createdAt: Date;
}

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
}

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
  createdBy: string;
  createdAt: Date;
}

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

export interface OutboundRecord {
  id: number;
  key: string;
  platform: Platform;
  channel: string;
  parentKey: string | null;
  body: string;
  version: number;
  deliveredVersion: number;
  remoteRef: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

export type ReminderKind =
  | "expiry" // N days before an agreement's end
  | "expiry_end" // on the end date: the agreement ends
  | "silence" // a routing nobody took up
  | "silence_escalation" // ... escalated to the window
  | "vote" // a board member who has not voted
  | "round_deadline" // the round closes at its deadline
  | "followup" // implementation status report requested
  | "report_chase"; // the report is overdue

export interface ReminderRecord {
  id: string;
  key: string;
  kind: ReminderKind;
  subjectType: string;
  subjectId: string;
  dueAt: Date;
  state: "planned" | "queued" | "sent" | "skipped" | "cancelled";
  late: boolean;
  messageKey: string | null;
  sentAt: Date | null;
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

export interface Repos {
  companies: {
    get(id: string): Promise<CompanyRecord | null>;
    findByCorporateNumber(n: string): Promise<CompanyRecord | null>;
    /** the oldest company of that normalised name (only those without a 法人番号 if asked) */
    findByNormalizedName(n: string, withoutNumber?: boolean): Promise<CompanyRecord | null>;
    create(c: Omit<CompanyRecord, "id">): Promise<CompanyRecord>;
    update(id: string, patch: Partial<Omit<CompanyRecord, "id">>): Promise<CompanyRecord>;
    search(normalizedFragment: string, limit: number): Promise<CompanyRecord[]>;
  };
  proposals: {
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
  };
  routings: {
    create(r: Omit<RoutingRecord, "respondedAt" | "respondedBy" | "reason">): Promise<RoutingRecord>;
    get(id: string): Promise<RoutingRecord | null>;
    find(proposalId: string, departmentCode: string): Promise<RoutingRecord | null>;
    listByProposal(proposalId: string): Promise<RoutingRecord[]>;
    update(id: string, patch: Partial<Omit<RoutingRecord, "id" | "proposalId" | "departmentCode">>): Promise<RoutingRecord>;
  };
  rounds: {
    create(r: Omit<RoundRecord, "closedAt" | "closedBy" | "closeReason">): Promise<RoundRecord>;
    get(id: string): Promise<RoundRecord | null>;
    listByProposal(proposalId: string): Promise<RoundRecord[]>;
    /** open rounds whose deadline is at or before `now` */
    listOpenDue(now: Date): Promise<RoundRecord[]>;
    update(id: string, patch: Partial<Omit<RoundRecord, "id" | "proposalId" | "number">>): Promise<RoundRecord>;
  };
  votes: {
    listByRound(roundId: string): Promise<VoteRecord[]>;
    upsert(v: Omit<VoteRecord, "updatedAt">): Promise<VoteRecord>;
  };
  agreements: {
    nextNumber(): Promise<number>;
    create(a: Omit<AgreementRecord, "createdAt">): Promise<AgreementRecord>;
    get(id: string): Promise<AgreementRecord | null>;
    getSuccessor(id: string): Promise<AgreementRecord | null>;
    findByCompanyTitleStart(companyId: string, title: string, startDate: string): Promise<AgreementRecord | null>;
    getByNumber(number: number): Promise<AgreementRecord | null>;
    /** an import that keeps its numbers: later agreements are numbered after `number` */
    numberAtLeast(number: number): Promise<void>;
    list(filter?: { state?: AgreementState; departmentCode?: string }): Promise<AgreementRecord[]>;
    listByProposal(proposalId: string): Promise<AgreementRecord[]>;
    update(id: string, patch: Partial<Omit<AgreementRecord, "id" | "number" | "createdAt">>): Promise<AgreementRecord>;
  };
  challenges: {
    nextNumber(): Promise<number>;
    create(c: Omit<ChallengeRecord, "createdAt" | "closedAt" | "state"> & { createdAt?: Date }): Promise<ChallengeRecord>;
    get(id: string): Promise<ChallengeRecord | null>;
    getByNumber(number: number): Promise<ChallengeRecord | null>;
    /** open calls first (nearest deadline first), then the most recently closed ones; at most `limit` */
    listPublic(limit: number): Promise<ChallengeRecord[]>;
    /** open calls whose close time is at or before `now` */
    listDue(now: Date): Promise<ChallengeRecord[]>;
    /** closes an open call; false when it was closed already (by another process) */
    close(id: string, at: Date): Promise<boolean>;
  };
  reports: {
    create(r: Omit<StatusReportRecord, "id">): Promise<StatusReportRecord>;
    listByAgreement(agreementId: string): Promise<StatusReportRecord[]>;
  };
  disasters: {
    create(d: { companyId: string; title: string; summary: string; source: string }): Promise<{ id: string }>;
  };
  audit: {
    add(e: NewAudit): Promise<void>;
    listByProposal(proposalId: string): Promise<AuditRecord[]>;
    listBySubject(subjectType: string, subjectId: string): Promise<AuditRecord[]>;
    /** the trail in order, from `from` (inclusive) to `to` (exclusive), either open, in pages */
    listBetween(from: Date | null, to: Date | null, afterId: number, limit: number): Promise<Array<AuditRecord & { id: number }>>;
  };
  /** Teams chats bound to departments (`bind`); `unbind` returns the department it was bound to */
  conversations: {
    bind(conversationId: string, departmentCode: string): Promise<void>;
    unbind(conversationId: string): Promise<string | null>;
  };
  /** the interaction being processed: marked done in the transaction of the change it makes */
  inbox: {
    /** marks a pending interaction done; false when it was not pending (done elsewhere) */
    complete(key: string, at: Date): Promise<boolean>;
  };
  /** deduplication keys; `claim` is false when the key was seen before */
  keys: {
    claim(key: string, result?: unknown): Promise<boolean>;
    get(key: string): Promise<{ result: unknown } | null>;
  };
  outbox: {
    /** queues a new message under a unique key; a key queued before is left as it is */
    enqueue(m: { key: string; platform: Platform; channel: string; body: string; parentKey?: string | null }): Promise<boolean>;
    /** replaces the content of a queued or delivered message; it is (re)delivered by the dispatcher */
    replace(key: string, body: string): Promise<boolean>;
    get(key: string): Promise<OutboundRecord | null>;
  };
  reminders: {
    /** plans a reminder under a unique key; an existing key keeps its state */
    plan(r: { key: string; kind: ReminderKind; subjectType: string; subjectId: string; dueAt: Date }): Promise<void>;
    get(id: string): Promise<ReminderRecord | null>;
    cancelForSubject(subjectType: string, subjectId: string, kinds?: ReminderKind[]): Promise<number>;
    /** planned reminders due at or before `now`, oldest first */
    due(now: Date, limit: number): Promise<ReminderRecord[]>;
    update(id: string, patch: Partial<Pick<ReminderRecord, "state" | "late" | "messageKey">> & { queuedAt?: Date }): Promise<void>;
    listForSubject(subjectType: string, subjectId: string): Promise<ReminderRecord[]>;
  };
}

/** Teams conversation references (for proactive messages) and channel bindings to departments. */
export interface ConversationRecord {
  conversationId: string;
  /** the Bot Framework ConversationReference, as JSON */
  reference: string;
  departmentCode: string | null;
}

export interface ConversationStore {
  save(conversationId: string, reference: string): Promise<void>;
  get(conversationId: string): Promise<ConversationRecord | null>;
  /** any stored conversation of the same tenant (a team's reference serves its other channels) */
  anyOfTenant(tenantId: string): Promise<ConversationRecord | null>;
  bindings(): Promise<ConversationRecord[]>;
}

/** A channel's delivery lane: its messages go out in order, by one process at a time. */
export interface Lane {
  platform: Platform;
  channel: string;
}

/** Outbox access outside a use case's transaction, for the dispatcher (any number of processes). */
export interface OutboxQueue {
  /** channels with a message due (pending, not set aside), whatever their lane's state; at most `limit` */
  dueLanes(platforms: readonly Platform[], now: Date, limit: number): Promise<Lane[]>;
  /** takes a lane for `owner` until `leaseUntil`, if nobody holds it and its pace allows a send now */
  claimLane(lane: Lane, owner: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** gives a lane back; its next send may not happen before `nextSendAt` (pace, Retry-After, backoff) */
  releaseLane(lane: Lane, owner: string, nextSendAt: Date): Promise<void>;
  /** the oldest pending message of a lane that is not set aside */
  head(lane: Lane, now: Date): Promise<OutboundRecord | null>;
  get(key: string): Promise<OutboundRecord | null>;
  /** a send is starting: if the process dies now, this message may go out again (at most one per lane) */
  markSending(id: number, at: Date): Promise<void>;
  /** records a delivery of `version`, and marks reminders waiting on it sent, in one transaction */
  markDelivered(id: number, version: number, remoteRef: string, at: Date): Promise<void>;
  /** records a failed try; with `setAsideUntil` the message no longer holds its lane up until then */
  markFailed(id: number, error: string, setAsideUntil?: Date): Promise<void>;
  /** pending messages (for health and tests) */
  pendingCount(): Promise<number>;
  /** undelivered messages whatever their next attempt, oldest first (operators' view) */
  pending(limit: number): Promise<OutboundRecord[]>;
  /** when each lane may send next (pace, Retry-After, backoff), by "platform:channel" */
  laneTimes(): Promise<Map<string, Date>>;
  /** makes every undelivered message and every lane due now (after fixing a channel or a token); returns how many messages */
  retryAllNow(now: Date): Promise<number>;
  /** forgets platform delivery keys (Slack retries, Teams re-sends) and finished interactions from before `before`; idempotency keys of the intake API stay */
  pruneDeliveryKeys(before: Date): Promise<number>;
  /** the message the platform knows by this id (a card someone pressed a button on) */
  findDelivered(platform: Platform, remoteRef: string): Promise<OutboundRecord | null>;
}

/** The inbox of interactions (persisted before the platform is acknowledged). */
export interface InboxRecord {
  key: string;
  platform: string;
  payload: string;
  attempts: number;
}

export interface InboxStore {
  /** writes a new interaction; false when its key was seen before (a platform retry, a double click) */
  accept(key: string, platform: string, payload: string, leaseUntil: Date): Promise<boolean>;
  /** forgets an interaction that changed nothing (a form answered with field errors), so a corrected resubmission counts */
  release(key: string): Promise<void>;
  complete(key: string, at: Date): Promise<void>;
  /** a try failed unexpectedly: replayed after `retryAt`, or given up (`failed`) */
  retryLater(key: string, error: string, retryAt: Date, giveUp: boolean): Promise<void>;
  /** takes pending interactions whose lease ran out (their process died) for replay, until `leaseUntil` */
  claimStale(now: Date, leaseUntil: Date, limit: number): Promise<InboxRecord[]>;
  pendingCount(): Promise<number>;
  prune(before: Date): Promise<number>;
  get(key: string): Promise<{ state: string; attempts: number; lastError: string | null } | null>;
}

/** Named leases: work that one process at a time may do (the reminder sweep). */
export interface LeaseStore {
  acquire(name: string, owner: string, now: Date, until: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export interface Store extends OutboxQueue {
  inbox: InboxStore;
  leases: LeaseStore;
  tx<T>(fn: (r: Repos) => Promise<T>): Promise<T>;
  /**
   * Several use cases' transactions committed as one where that is cheaper (SQLite: every tx inside `fn`
   * is a savepoint of one transaction; a failing one rolls back alone). Absent: each commits by itself.
   */
  batch?<T>(fn: () => Promise<T>): Promise<T>;
  conversations: ConversationStore;
  /** the planning division's figures (src/app/reports) */
  reports: ReportsQuery;
  read: Repos;
  ping(): Promise<void>;
  close(): Promise<void>;
}
