/**
 * The Store over Prisma: the repositories of src/db/repositories/ composed, with the way each provider
 * writes (SQLite: the writer's turns, sqlite-writer.ts; PostgreSQL: the pool and a serialising lock).
 */
import type Database from "better-sqlite3";
import type { ConversationStore, InboxStore, MunicipalityStore, LeaseStore, SlackInstallationStore, OutboundRecord, OutboxQueue, Repos, Store } from "../ports/store";
import { AcceptBatcher } from "./accept-batcher";
import type { Db, DbAccess, Tx } from "./db";
import { holdingRepos } from "./locks";
import { serializedTransaction } from "./postgres";
import { conversationStore } from "./repositories/channel-bindings";
import { inboxStore, pruneDeliveryKeys } from "./repositories/inbox";
import { repositories } from "./repositories/index";
import { leaseStore } from "./repositories/leases";
import { municipalityStore } from "./repositories/municipalities";
import { outboxQueue } from "./repositories/outbox";
import { slackInstallationStore } from "./repositories/slack-installations";
import { connectionOf, withHotPath } from "./sqlite-hot-path";
import { SqliteWriter } from "./sqlite-writer";
import { reportsQuery } from "./reports";
import type { ReportsQuery } from "../ports/reports";

// the dispatcher's side of the outbox is assigned in the constructor (see outboxQueue)
export interface PrismaStore extends Omit<OutboxQueue, "get" | "pruneDeliveryKeys"> {}

export class PrismaStore implements Store {
  /**
   * Reads outside transactions: the reader connection; inside a batch (SQLite), the writer's, which sees
   * what the batch's use cases have written and not yet committed (a use case reads back what it just did).
   */
  get read(): Repos {
    return this.writer?.batchOpen ? this.batchReads! : this.readerRepos;
  }
  private readerRepos!: Repos;
  private batchReads?: Repos;
  conversations!: ConversationStore;
  readonly municipalities: MunicipalityStore;
  inbox!: InboxStore;
  /** the municipality this view of the store reads and writes (forTenant); "default" for a single city */
  tenant = "default";
  private tenants = new Map<string, PrismaStore>();
  /** the store the views were made from (a view's prototype) */
  private readonly root: PrismaStore = this;
  private accepts: AcceptBatcher | null;
  readonly leases: LeaseStore;
  /** Slack installations in OAuth mode (src/platforms/slack/installations.ts) */
  readonly slackInstallations: SlackInstallationStore;
  /** the planning division's figures (src/db/reports.ts) */
  reports!: ReportsQuery;
  private readonly access: DbAccess;
  private readonly closeBatcher: () => void;
  /** SQLite: the writer's turns (sqlite-writer.ts); every write of this process takes one */
  private readonly writer?: SqliteWriter;
  /** SQLite: several use cases' transactions as one (Store.batch) */
  readonly batch?: <T>(fn: () => Promise<T>) => Promise<T>;

  /** reads: on SQLite a connection of their own, so they never see another request's open transaction */
  private readonly reader: Db;

  /**
   * @param reader SQLite: a second client on the same file. Prisma's SQLite adapter has one connection,
   * and a statement issued outside a transaction while another request's transaction is open runs inside
   * that transaction (and is rolled back with it). So on SQLite every write here runs in a transaction of
   * its own (which waits for the open one), and reads go to the other connection, which sees committed
   * data only (WAL). PostgreSQL's pool gives every statement its own connection.
   */
  constructor(
    private readonly db: Db,
    readonly provider: "sqlite" | "postgresql" = "sqlite",
    reader?: Db,
  ) {
    this.reader = reader ?? db;
    const writer = provider === "sqlite" ? new SqliteWriter(db, connectionOf(db)) : undefined;
    this.writer = writer;
    if (writer) this.batch = (fn) => writer.batch(fn);
    const r = this.reader;
    // SQLite: the reader's connection, for the prepared statements of the hot path and the outbox
    const readerConnection: () => Database.Database | undefined = provider === "sqlite" ? connectionOf(r) : () => undefined;
    this.access = {
      reader: r,
      readerConnection,
      write: <T>(fn: (d: Tx) => Promise<T>): Promise<T> => (writer ? writer.transaction((d) => fn(d)) : fn(db)),
      transaction: <T>(fn: (d: Tx, raw?: () => Database.Database) => Promise<T>, holds: string[] = []): Promise<T> =>
        writer ? writer.transaction((d, raw) => fn(d, raw)) : serializedTransaction(db, (tx) => fn(tx), holds),
    };
    // SQLite: clicks that arrive together are written together (group commit), one statement per flush
    const accepts = writer ? new AcceptBatcher(writer) : null;
    this.accepts = accepts;
    this.closeBatcher = () => accepts?.close();
    this.leases = leaseStore(this.access);
    this.municipalities = municipalityStore(this.access);
    this.scope("default");
    this.slackInstallations = slackInstallationStore(this.access);
    Object.assign(this, outboxQueue(this.access));
  }

  /** What a view of one municipality reads and writes through: every repository names the tenant. */
  private scope(tenant: string): void {
    this.tenant = tenant;
    const conn = this.access.readerConnection;
    // SQLite: the click's hot path as prepared statements on the same connections (sqlite-hot-path.ts)
    this.readerRepos = withHotPath(repositories(this.reader, tenant), conn, tenant);
    if (this.writer) this.batchReads = withHotPath(repositories(this.db, tenant), connectionOf(this.db), tenant);
    this.inbox = inboxStore(this.access, this.accepts, tenant);
    this.conversations = conversationStore(this.access, tenant);
    this.reports = reportsQuery(this.reader, this.provider, this.access.write, tenant);
  }

  /**
   * The same store (connections, writer, outbox) seen as one municipality: its reads, transactions, inbox
   * and figures name that tenant. The outbox and leases are the deployment's (a message is sent whoever
   * queued it). One view per tenant, kept.
   */
  forTenant(tenant: string): PrismaStore {
    if (tenant === this.tenant) return this;
    const root = this.root;
    if (tenant === root.tenant) return root;
    let view = root.tenants.get(tenant);
    if (!view) {
      view = Object.create(root) as PrismaStore;
      view.scope(tenant);
      root.tenants.set(tenant, view);
    }
    return view;
  }

  /**
   * One use case's writes. SQLite has one writer at a time (BEGIN IMMEDIATE). On PostgreSQL several
   * replicas write at once; transactions on the same subject one after another (locks.ts, postgres.ts).
   */
  async tx<T>(fn: (r: Repos) => Promise<T>): Promise<T> {
    const t = this.tenant;
    if (this.writer) return this.writer.transaction((d, raw) => fn(withHotPath(repositories(d, t), raw, t)));
    return serializedTransaction(this.db, (tx, hold) => fn(holdingRepos(repositories(tx, t, hold), hold)), [], t);
  }

  async get(key: string): Promise<OutboundRecord | null> {
    return this.read.outbox.get(key);
  }

  async pruneDeliveryKeys(before: Date): Promise<number> {
    return pruneDeliveryKeys(this.access, this.inbox, before);
  }

  async ping(): Promise<void> {
    await this.db.$queryRawUnsafe("SELECT 1");
  }

  async close(): Promise<void> {
    this.closeBatcher();
    await this.db.$disconnect();
    if (this.reader !== this.db) await this.reader.$disconnect();
  }
}
