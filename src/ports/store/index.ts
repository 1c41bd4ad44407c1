/**
 * Persistence as the use cases see it. src/db implements it with Prisma; a use case runs its writes in
 * one `store.tx(...)` so the change, its audit event and its outgoing messages commit together.
 */
import type { ReportsQuery } from "../reports";
import type { AgreementsRepo, ReportsRepo } from "./agreements";
import type { AuditRepo } from "./audit";
import type { ChallengesRepo } from "./challenges";
import type { ChannelBindingsRepo, ConversationStore } from "./channels";
import type { CompaniesRepo } from "./companies";
import type { DisastersRepo } from "./disasters";
import type { InboxRepo, InboxStore } from "./inbox";
import type { LeaseStore } from "./leases";
import type { MunicipalityStore } from "./municipalities";
import type { OutboxQueue, OutboxRepo } from "./outbox";
import type { ProcessedKeysRepo } from "./processed-keys";
import type { ProposalsRepo } from "./proposals";
import type { RemindersRepo } from "./reminders";
import type { RoundsRepo, VotesRepo } from "./rounds";
import type { RoutingsRepo } from "./routings";
import type { SurveysRepo } from "./surveys";

export type * from "./agreements";
export type * from "./audit";
export type * from "./challenges";
export type * from "./channels";
export type * from "./companies";
export type * from "./disasters";
export type * from "./inbox";
export type * from "./leases";
export type * from "./municipalities";
export * from "./outbox";
export * from "./outbox-key";
export type * from "./processed-keys";
export type * from "./proposals";
export type * from "./reminders";
export type * from "./rounds";
export type * from "./routings";
export type * from "./slack-installations";
export type * from "./surveys";

/** The repositories of one transaction (Store.tx) or of reads outside one (Store.read), by subject. */
export interface Repos {
  companies: CompaniesRepo;
  proposals: ProposalsRepo;
  routings: RoutingsRepo;
  rounds: RoundsRepo;
  votes: VotesRepo;
  agreements: AgreementsRepo;
  challenges: ChallengesRepo;
  reports: ReportsRepo;
  disasters: DisastersRepo;
  audit: AuditRepo;
  /** Teams chats bound to departments (`bind`); `unbind` returns the department it was bound to */
  conversations: ChannelBindingsRepo;
  /** the interaction being processed: marked done in the transaction of the change it makes */
  inbox: InboxRepo;
  /** deduplication keys; `claim` is false when the key was seen before */
  keys: ProcessedKeysRepo;
  outbox: OutboxRepo;
  reminders: RemindersRepo;
  surveys: SurveysRepo;
  /**
   * Holds `keys` until the transaction ends: a second transaction asking for one of them waits. For a
   * decision made on rows that do not exist yet (the company of a name, the survey round of a year); rows
   * read by id are held already. SQLite has one writer at a time: nothing to do there.
   */
  serialize(...keys: string[]): Promise<void>;
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
  /** the deployment's municipalities (every tenant's view shares them) */
  municipalities: MunicipalityStore;
  /** the municipality this store reads and writes ("default": the org config file's city) */
  readonly tenant: string;
  /** the planning division's figures (src/app/reports) */
  reports: ReportsQuery;
  read: Repos;
  ping(): Promise<void>;
  close(): Promise<void>;
}
