/** Repositories over Prisma. Records are mapped to the plain types of src/ports/store.ts. */
import { randomUUID } from "node:crypto";
import type { Platform } from "../ports/chat";
import type {
  AgreementRecord,
  CompanyRecord,
  ConversationStore,
  InboxRecord,
  InboxStore,
  Lane,
  LeaseStore,
  OutboundRecord,
  ProposalRecord,
  ChallengeRecord,
  ReminderRecord,
  Repos,
  RoundRecord,
  RoutingRecord,
  StatusReportRecord,
  Store,
  VoteRecord,
} from "../ports/store";
import type { Db } from "./client";
import { connectionOf, dueLanesOn, undeliveredOn, withHotPath } from "./sqlite-hot-path";
import { SqliteWriter } from "./sqlite-writer";
import { reportsQuery } from "./reports";
import type { ReportsQuery } from "../ports/reports";

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

// Prisma rows carry string columns where the records carry unions; the database only ever holds values
// the use cases wrote, so these casts are the mapping, not a guess.
function proposal(row: any): ProposalRecord {
  const { fields, company: _c, statusTokenHash: _h, updatedAt: _u, ...rest } = row;
  return { ...rest, fields: JSON.parse(fields) };
}
const company = (row: any): CompanyRecord => {
  const { createdAt: _a, updatedAt: _b, ...rest } = row;
  return rest;
};
const routing = (row: any): RoutingRecord => row;
const challenge = (row: any): ChallengeRecord => row;
const round = (row: any): RoundRecord => row;
const vote = (row: any): VoteRecord => ({
  roundId: row.roundId,
  memberId: row.memberId,
  choice: row.choice,
  comment: row.comment,
  platform: row.platform,
  updatedAt: row.updatedAt,
});
const agreement = (row: any): AgreementRecord => {
  const { updatedAt: _u, ...rest } = row;
  return rest;
};
const report = (row: any): StatusReportRecord => row;
const outbound = (row: any): OutboundRecord => row;
const reminder = (row: any): ReminderRecord => {
  const { createdAt: _c, queuedAt: _q, ...rest } = row;
  return rest;
};

async function nextCounter(db: Tx, name: string): Promise<number> {
  const row = await db.counter.upsert({
    where: { name },
    create: { name, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}

function repos(db: Tx): Repos {
  return {
    companies: {
      get: async (id) => {
        const r = await db.company.findUnique({ where: { id } });
        return r && company(r);
      },
      findByCorporateNumber: async (n) => {
        const r = await db.company.findUnique({ where: { corporateNumber: n } });
        return r && company(r);
      },
      findByNormalizedName: async (n, withoutNumber) => {
        const r = await db.company.findFirst({
          where: { normalizedName: n, ...(withoutNumber ? { corporateNumber: null } : {}) },
          orderBy: { createdAt: "asc" },
        });
        return r && company(r);
      },
      create: async (c) => company(await db.company.create({ data: { id: randomUUID(), ...c } })),
      update: async (id, patch) => company(await db.company.update({ where: { id }, data: patch })),
      search: async (fragment, limit) =>
        (
          await db.company.findMany({
            where: { normalizedName: { contains: fragment } },
            orderBy: { name: "asc" },
            take: limit,
          })
        ).map(company),
    },
    proposals: {
      nextNumber: () => nextCounter(db, "proposal"),
      create: async (p, statusTokenHash) => proposal(await db.proposal.create({ data: { ...p, fields: JSON.stringify(p.fields), statusTokenHash } })),
      setStatusTokenHash: async (id, statusTokenHash) => {
        await db.proposal.update({ where: { id }, data: { statusTokenHash } });
      },
      getByStatusTokenHash: async (statusTokenHash) => {
        const r = await db.proposal.findUnique({ where: { statusTokenHash } });
        return r && proposal(r);
      },
      listByChallenge: async (challengeId) =>
        (await db.proposal.findMany({ where: { challengeId }, orderBy: { number: "asc" } })).map(proposal),
      get: async (id) => {
        const r = await db.proposal.findUnique({ where: { id } });
        return r && proposal(r);
      },
      getByNumber: async (number) => {
        const r = await db.proposal.findUnique({ where: { number } });
        return r && proposal(r);
      },
      update: async (id, patch) => {
        const { fields, ...rest } = patch;
        const data = fields ? { ...rest, fields: JSON.stringify(fields) } : rest;
        return proposal(await db.proposal.update({ where: { id }, data }));
      },
      listOpen: async (limit) =>
        (await db.proposal.findMany({ where: { status: { notIn: ["concluded", "rejected"] } }, orderBy: { number: "asc" }, take: limit })).map(proposal),
      listByCompany: async (companyId) =>
        (await db.proposal.findMany({ where: { companyId }, orderBy: { number: "asc" } })).map(proposal),
    },
    challenges: {
      nextNumber: () => nextCounter(db, "challenge"),
      create: async (c) => challenge(await db.challenge.create({ data: { ...c, state: "open" } })),
      get: async (id) => {
        const r = await db.challenge.findUnique({ where: { id } });
        return r && challenge(r);
      },
      getByNumber: async (number) => {
        const r = await db.challenge.findUnique({ where: { number } });
        return r && challenge(r);
      },
      listPublic: async (limit) => {
        const open = await db.challenge.findMany({ where: { state: "open" }, orderBy: [{ closesAt: "asc" }, { number: "asc" }], take: limit });
        const closed = await db.challenge.findMany({ where: { state: "closed" }, orderBy: [{ closesAt: "desc" }, { number: "desc" }], take: Math.max(0, limit - open.length) });
        return [...open, ...closed].map(challenge);
      },
      listDue: async (now) =>
        (await db.challenge.findMany({ where: { state: "open", closesAt: { lte: now } }, orderBy: { number: "asc" } })).map(challenge),
      close: async (id, at) => (await db.challenge.updateMany({ where: { id, state: "open" }, data: { state: "closed", closedAt: at } })).count === 1,
    },
    routings: {
      create: async (r) => routing(await db.routing.create({ data: r })),
      get: async (id) => {
        const r = await db.routing.findUnique({ where: { id } });
        return r && routing(r);
      },
      find: async (proposalId, departmentCode) => {
        const r = await db.routing.findUnique({ where: { proposalId_departmentCode: { proposalId, departmentCode } } });
        return r && routing(r);
      },
      listByProposal: async (proposalId) =>
        (await db.routing.findMany({ where: { proposalId }, orderBy: { createdAt: "asc" } })).map(routing),
      update: async (id, patch) => routing(await db.routing.update({ where: { id }, data: patch })),
    },
    rounds: {
      create: async (r) => round(await db.reviewRound.create({ data: r })),
      get: async (id) => {
        const r = await db.reviewRound.findUnique({ where: { id } });
        return r && round(r);
      },
      listByProposal: async (proposalId) =>
        (await db.reviewRound.findMany({ where: { proposalId }, orderBy: { number: "asc" } })).map(round),
      listOpenDue: async (now) =>
        (await db.reviewRound.findMany({ where: { state: "open", deadline: { lte: now } }, orderBy: { deadline: "asc" } })).map(round),
      update: async (id, patch) => round(await db.reviewRound.update({ where: { id }, data: patch })),
    },
    votes: {
      listByRound: async (roundId) =>
        (await db.vote.findMany({ where: { roundId }, orderBy: { createdAt: "asc" } })).map(vote),
      upsert: async (v) =>
        vote(
          await db.vote.upsert({
            where: { roundId_memberId: { roundId: v.roundId, memberId: v.memberId } },
            create: { id: randomUUID(), ...v },
            update: { choice: v.choice, comment: v.comment, platform: v.platform },
          }),
        ),
    },
    agreements: {
      nextNumber: () => nextCounter(db, "agreement"),
      create: async (a) => agreement(await db.agreement.create({ data: a })),
      get: async (id) => {
        const r = await db.agreement.findUnique({ where: { id } });
        return r && agreement(r);
      },
      findByCompanyTitleStart: async (companyId, title, startDate) => {
        const r = await db.agreement.findFirst({ where: { companyId, title, startDate }, orderBy: { number: "asc" } });
        return r && agreement(r);
      },
      getByNumber: async (number) => {
        const r = await db.agreement.findUnique({ where: { number } });
        return r && agreement(r);
      },
      numberAtLeast: async (number) => {
        const c = await db.counter.findUnique({ where: { name: "agreement" } });
        if (!c) await db.counter.create({ data: { name: "agreement", value: number } });
        else if (c.value < number) await db.counter.update({ where: { name: "agreement" }, data: { value: number } });
      },
      getSuccessor: async (id) => {
        const r = await db.agreement.findUnique({ where: { predecessorId: id } });
        return r && agreement(r);
      },
      list: async (filter = {}) =>
        (
          await db.agreement.findMany({
            where: { state: filter.state, departmentCode: filter.departmentCode },
            orderBy: [{ endDate: "asc" }, { number: "asc" }],
          })
        ).map(agreement),
      listByProposal: async (proposalId) =>
        (await db.agreement.findMany({ where: { proposalId }, orderBy: { number: "asc" } })).map(agreement),
      update: async (id, patch) => agreement(await db.agreement.update({ where: { id }, data: patch })),
    },
    reports: {
      create: async (r) => report(await db.statusReport.create({ data: { id: randomUUID(), ...r } })),
      listByAgreement: async (agreementId) =>
        (await db.statusReport.findMany({ where: { agreementId }, orderBy: { createdAt: "asc" } })).map(report),
    },
    disasters: {
      create: async (d) => db.disasterRecord.create({ data: { id: randomUUID(), ...d }, select: { id: true } }),
    },
    audit: {
      add: async (e) => {
        await db.auditEvent.create({
          data: {
            actor: e.actor,
            platform: e.platform,
            action: e.action,
            subjectType: e.subjectType,
            subjectId: e.subjectId,
            proposalId: e.proposalId ?? null,
            data: json(e.data),
          },
        });
      },
      listByProposal: async (proposalId) =>
        (await db.auditEvent.findMany({ where: { proposalId }, orderBy: { id: "asc" } })).map((r) => ({
          ...r,
          data: parse(r.data),
        })),
      listBetween: async (from, to, afterId, limit) =>
        (await db.auditEvent.findMany({ where: { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) }, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit })).map((r) => ({
          ...r,
          data: parse(r.data),
        })),
      listBySubject: async (subjectType, subjectId) =>
        (await db.auditEvent.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map((r) => ({
          ...r,
          data: parse(r.data),
        })),
    },
    inbox: {
      complete: async (key, at) => (await db.interaction.updateMany({ where: { key, state: "pending" }, data: { state: "done", doneAt: at } })).count === 1,
    },
    conversations: {
      bind: async (conversationId, departmentCode) => {
        await db.conversationRef.update({ where: { conversationId }, data: { departmentCode } });
      },
      unbind: async (conversationId) => {
        const row = await db.conversationRef.findUnique({ where: { conversationId }, select: { departmentCode: true } });
        if (!row?.departmentCode) return null;
        await db.conversationRef.update({ where: { conversationId }, data: { departmentCode: null } });
        return row.departmentCode;
      },
    },
    keys: {
      claim: async (key, result) => {
        // Callers claim inside their transaction; SQLite serialises writers, so find-then-create is safe.
        if (await db.processedKey.findUnique({ where: { key }, select: { key: true } })) return false;
        await db.processedKey.create({ data: { key, result: json(result) } });
        return true;
      },
      get: async (key) => {
        const r = await db.processedKey.findUnique({ where: { key } });
        return r && { result: parse(r.result) };
      },
    },
    outbox: {
      enqueue: async (m) => {
        const existing = await db.outboundMessage.findUnique({ where: { key: m.key }, select: { id: true } });
        if (existing) return false;
        await db.outboundMessage.create({
          // due at once whatever the clock says; only a failed try moves nextAttemptAt into the future
          data: { key: m.key, platform: m.platform, channel: m.channel, body: m.body, parentKey: m.parentKey ?? null, nextAttemptAt: new Date(0), pending: true },
        });
        return true;
      },
      replace: async (key, body) => {
        const r = await db.outboundMessage.updateMany({
          where: { key },
          data: { body, version: { increment: 1 }, nextAttemptAt: new Date(0), attempts: 0, pending: true },
        });
        return r.count === 1;
      },
      get: async (key) => {
        const r = await db.outboundMessage.findUnique({ where: { key } });
        return r && outbound(r);
      },
    },
    reminders: {
      plan: async (r) => {
        await db.reminder.upsert({
          where: { key: r.key },
          create: { id: randomUUID(), ...r, state: "planned" },
          update: {},
        });
      },
      get: async (id) => {
        const row = await db.reminder.findUnique({ where: { id } });
        return row && reminder(row);
      },
      cancelForSubject: async (subjectType, subjectId, kinds) =>
        (
          await db.reminder.updateMany({
            where: { subjectType, subjectId, state: "planned", ...(kinds ? { kind: { in: kinds } } : {}) },
            data: { state: "cancelled" },
          })
        ).count,
      due: async (now, limit) =>
        (
          await db.reminder.findMany({
            where: { state: "planned", dueAt: { lte: now } },
            orderBy: { dueAt: "asc" },
            take: limit,
          })
        ).map(reminder),
      update: async (id, patch) => {
        await db.reminder.update({ where: { id }, data: patch });
      },
      listForSubject: async (subjectType, subjectId) =>
        (await db.reminder.findMany({ where: { subjectType, subjectId }, orderBy: { dueAt: "asc" } })).map(reminder),
    },
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";
const TX_ATTEMPTS = 5;
/** advisory lock that serialises use-case transactions across PostgreSQL replicas ("PBWR") */
const WRITE_LOCK = 0x50425752;
/** PostgreSQL's answers that mean "a concurrent transaction won; run it again" */
function retryable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; meta?: { code?: string } };
  if (err.code === "P2034" || isUniqueViolation(e)) return true;
  return /40001|40P01|could not serialize|deadlock detected/i.test(`${err.meta?.code ?? ""} ${err.message ?? ""}`);
}
const laneKey = (l: Lane) => `${l.platform}:${l.channel}`;

export class PrismaStore implements Store {
  /**
   * Reads outside transactions: the reader connection; inside a batch (SQLite), the writer's, which sees
   * what the batch's use cases have written and not yet committed (a use case reads back what it just did).
   */
  get read(): Repos {
    return this.writer?.batchOpen ? this.batchReads! : this.readerRepos;
  }
  private readonly readerRepos: Repos;
  private readonly batchReads?: Repos;
  readonly conversations: ConversationStore;
  readonly inbox: InboxStore;
  readonly leases: LeaseStore;
  readonly reports: ReportsQuery;
  private readonly write: <T>(fn: (d: Tx) => Promise<T>) => Promise<T>;
  private readonly closeBatcher: () => void;
  /** SQLite: the writer's turns (sqlite-writer.ts); every write of this process takes one */
  private readonly writer?: SqliteWriter;
  /** SQLite: several use cases' transactions as one (Store.batch) */
  readonly batch?: <T>(fn: () => Promise<T>) => Promise<T>;

  /** reads: on SQLite a connection of their own, so they never see another request's open transaction */
  private readonly reader: Db;
  /** SQLite: the reader's connection (for the outbox's prepared statements); undefined on PostgreSQL */
  private readonly readerConnection: () => import("better-sqlite3").Database | undefined;

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
    const w = <T>(fn: (d: Tx) => Promise<T>): Promise<T> => (writer ? writer.transaction((d) => fn(d)) : fn(db));
    const r = this.reader;
    this.write = w;
    this.reports = reportsQuery(this.reader, provider, w);
    // SQLite: the click's hot path as prepared statements on the same connections (sqlite-hot-path.ts)
    this.readerConnection = provider === "sqlite" ? connectionOf(r) : () => undefined;
    this.readerRepos = withHotPath(repos(r), this.readerConnection);
    if (writer) this.batchReads = withHotPath(repos(db), connectionOf(db));
    // SQLite: clicks that arrive together are written together (group commit), one statement per flush
    const accepts = writer ? new AcceptBatcher(writer) : null;
    this.closeBatcher = () => accepts?.close();
    this.inbox = {
      accept: async (key, platform, payload, leaseUntil) => {
        if (accepts) return accepts.accept(key, platform, payload, leaseUntil);
        try {
          await w((d) => d.interaction.create({ data: { key, platform, payload, state: "pending", leaseUntil } }));
          return true;
        } catch (e) {
          if (isUniqueViolation(e)) return false;
          throw e;
        }
      },
      release: async (key) => {
        await w((d) => d.interaction.deleteMany({ where: { key } }));
      },
      complete: async (key, at) => {
        await w((d) => d.interaction.updateMany({ where: { key, state: "pending" }, data: { state: "done", doneAt: at } }));
      },
      retryLater: async (key, error, retryAt, giveUp) => {
        await w((d) => d.interaction.updateMany({
          where: { key, state: "pending" },
          data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), leaseUntil: retryAt, ...(giveUp ? { state: "failed" } : {}) },
        }));
      },
      claimStale: async (now, leaseUntil, limit) => {
        const stale = await r.interaction.findMany({ where: { state: "pending", leaseUntil: { lt: now } }, orderBy: { createdAt: "asc" }, take: limit });
        const claimed: InboxRecord[] = [];
        for (const row of stale) {
          // a conditional update: of several processes replaying at once, one wins each row
          const won = await w((d) => d.interaction.updateMany({ where: { key: row.key, state: "pending", leaseUntil: row.leaseUntil }, data: { leaseUntil } }));
          if (won.count === 1) claimed.push({ key: row.key, platform: row.platform, payload: row.payload, attempts: row.attempts });
        }
        return claimed;
      },
      pendingCount: () => r.interaction.count({ where: { state: "pending" } }),
      get: (key) => r.interaction.findUnique({ where: { key }, select: { state: true, attempts: true, lastError: true } }),
      prune: async (before) => (await w((d) => d.interaction.deleteMany({ where: { createdAt: { lt: before }, state: { not: "pending" } } }))).count,
    };
    this.leases = {
      acquire: async (name, owner, now, until) => {
        try {
          await w((d) => d.lease.create({ data: { name, owner, until } }));
          return true;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
        const taken = await w((d) => d.lease.updateMany({ where: { name, OR: [{ until: { lt: now } }, { owner }] }, data: { owner, until } }));
        return taken.count === 1;
      },
      release: async (name, owner) => {
        await w((d) => d.lease.deleteMany({ where: { name, owner } }));
      },
    };
    this.conversations = {
      save: async (conversationId, reference) => {
        await w((d) => d.conversationRef.upsert({ where: { conversationId }, create: { conversationId, reference }, update: { reference } }));
      },
      get: async (conversationId) => r.conversationRef.findUnique({ where: { conversationId } }),
      anyOfTenant: async (tenantId) =>
        r.conversationRef.findFirst({ where: { reference: { contains: `"tenantId":"${tenantId.replace(/"/g, "")}"` } }, orderBy: { updatedAt: "desc" } }),
      bindings: async () => r.conversationRef.findMany({ where: { departmentCode: { not: null } } }),
    };
  }

  async findDelivered(platform: Platform, remoteRef: string): Promise<OutboundRecord | null> {
    const row = await this.reader.outboundMessage.findFirst({ where: { platform, remoteRef }, orderBy: { id: "desc" } });
    return row && outbound(row);
  }

  /**
   * One use case's writes. SQLite has one writer at a time (BEGIN IMMEDIATE). On PostgreSQL several
   * replicas write at once: each transaction first takes one advisory transaction lock, so use cases run
   * one after another across every replica exactly as on SQLite (each sees what the one before committed;
   * no serialization failures to retry under a burst). A deadlock or a unique key taken by a write made
   * outside a transaction is retried.
   */
  async tx<T>(fn: (r: Repos) => Promise<T>): Promise<T> {
    if (this.writer) return this.writer.transaction((d, raw) => fn(withHotPath(repos(d), raw)));
    return this.transaction((tx) => fn(repos(tx)));
  }

  /** PostgreSQL: a transaction that runs after every other one that changes things (see tx); SQLite uses its writer. */
  private async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
            return fn(tx);
          },
          { timeout: 30_000, maxWait: 30_000 },
        );
      } catch (e) {
        if (attempt >= TX_ATTEMPTS || !retryable(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));
      }
    }
  }

  async ping(): Promise<void> {
    await this.db.$queryRawUnsafe("SELECT 1");
  }

  async close(): Promise<void> {
    this.closeBatcher();
    await this.db.$disconnect();
    if (this.reader !== this.db) await this.reader.$disconnect();
  }

  async dueLanes(platforms: readonly Platform[], now: Date, limit: number): Promise<Lane[]> {
    const raw = this.readerConnection();
    if (raw) return dueLanesOn(raw, platforms, now, limit) as Lane[];
    // GROUP BY over the (pending, platform, channel, id) index: one row per channel, not per message
    const rows = await this.reader.outboundMessage.groupBy({
      by: ["platform", "channel"],
      where: { pending: true, nextAttemptAt: { lte: now }, platform: { in: [...platforms] } },
      orderBy: [{ platform: "asc" }, { channel: "asc" }],
      take: limit,
    });
    return rows.map((r) => ({ platform: r.platform as Platform, channel: r.channel }));
  }

  async claimLane(lane: Lane, owner: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const key = laneKey(lane);
    const take = () =>
      this.write((d) => d.channelLane.updateMany({
        where: { key, nextSendAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
        data: { leaseOwner: owner, leaseUntil },
      }));
    if ((await take()).count === 1) return true;
    if (await this.reader.channelLane.findUnique({ where: { key }, select: { key: true } })) return false;
    try {
      await this.write((d) => d.channelLane.create({ data: { key, nextSendAt: new Date(0) } }));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    return (await take()).count === 1;
  }

  async releaseLane(lane: Lane, owner: string, nextSendAt: Date): Promise<void> {
    await this.write((d) => d.channelLane.updateMany({ where: { key: laneKey(lane), leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null, nextSendAt } }));
  }

  async head(lane: Lane, now: Date): Promise<OutboundRecord | null> {
    const row = await this.reader.outboundMessage.findFirst({
      where: { pending: true, platform: lane.platform, channel: lane.channel, nextAttemptAt: { lte: now } },
      orderBy: { id: "asc" },
    });
    return row && outbound(row);
  }

  async markSending(id: number, at: Date): Promise<void> {
    await this.write((d) => d.outboundMessage.update({ where: { id }, data: { sendingSince: at } }));
  }

  async get(key: string): Promise<OutboundRecord | null> {
    return this.read.outbox.get(key);
  }

  async markDelivered(id: number, version: number, remoteRef: string, at: Date): Promise<void> {
    // after the other lanes' deliveries: "the last of a reminder's messages" must see theirs committed
    const record = async (tx: Tx, raw?: () => import("better-sqlite3").Database) => {
      const row = await tx.outboundMessage.update({
        where: { id },
        data: { deliveredVersion: version, remoteRef, sentAt: at, lastError: null, attempts: 0, sendingSince: null },
      });
      // still pending when the body was replaced again while this version was on its way
      if (row.version === version) await tx.outboundMessage.update({ where: { id }, data: { pending: false } });
      // A reminder goes to several channels (one row each, keyed "<base>@<channel>"): it is sent when
      // the last of them is delivered, in the transaction that records that delivery.
      const base = row.key.split("@")[0];
      const undelivered = raw
        ? undeliveredOn(raw(), base)
        : await tx.outboundMessage.count({ where: { key: { startsWith: `${base}@` }, deliveredVersion: 0 } });
      if (undelivered === 0) {
        await tx.reminder.updateMany({ where: { messageKey: base, state: "queued" }, data: { state: "sent", sentAt: at } });
      }
    };
    await (this.writer ? this.writer.transaction((d, raw) => record(d, raw)) : this.transaction((tx) => record(tx)));
  }

  async markFailed(id: number, error: string, setAsideUntil?: Date): Promise<void> {
    await this.write((d) => d.outboundMessage.update({
      where: { id },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), sendingSince: null, ...(setAsideUntil ? { nextAttemptAt: setAsideUntil } : {}) },
    }));
  }

  async pending(limit: number): Promise<OutboundRecord[]> {
    const rows = await this.reader.outboundMessage.findMany({ where: { pending: true }, orderBy: { id: "asc" }, take: limit });
    return rows.map(outbound);
  }

  async laneTimes(): Promise<Map<string, Date>> {
    return new Map((await this.reader.channelLane.findMany({ select: { key: true, nextSendAt: true } })).map((l) => [l.key, l.nextSendAt]));
  }

  async retryAllNow(now: Date): Promise<number> {
    const r = await this.write((d) => d.outboundMessage.updateMany({ where: { pending: true }, data: { nextAttemptAt: now } }));
    await this.write((d) => d.channelLane.updateMany({ where: { nextSendAt: { gt: now } }, data: { nextSendAt: now } }));
    return r.count;
  }

  async pruneDeliveryKeys(before: Date): Promise<number> {
    const keys = await this.write((d) => d.processedKey.deleteMany({
      where: { createdAt: { lt: before }, OR: [{ key: { startsWith: "slack:" } }, { key: { startsWith: "teams:" } }] },
    }));
    return keys.count + (await this.inbox.prune(before));
  }

  async pendingCount(): Promise<number> {
    return this.reader.outboundMessage.count({ where: { pending: true } });
  }
}

/** Prisma's SQLite form of a time (ISO with +00:00): the same text, so times compare as Prisma's own do */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
const ACCEPT_BATCH = 500;

/**
 * Group commit of new interactions on SQLite. A click is persisted before it is acknowledged, and on one
 * connection every write waits for the transaction before it: written one by one, a burst of clicks
 * queues behind each other's commits. Clicks that arrive in the same turn of the event loop are written by
 * one transaction (a prepared INSERT … ON CONFLICT DO NOTHING each), and each is answered after that
 * commit: persisted before acknowledged, as before, at a fraction of the cost.
 */
const insertStatements = new WeakMap<object, import("better-sqlite3").Statement>();
function insertInteraction(raw: import("better-sqlite3").Database): import("better-sqlite3").Statement {
  let stmt = insertStatements.get(raw);
  if (!stmt) {
    stmt = raw.prepare(`INSERT INTO "Interaction" ("key", "platform", "payload", "state", "attempts", "leaseUntil", "createdAt") VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT ("key") DO NOTHING`);
    insertStatements.set(raw, stmt);
  }
  return stmt;
}

class AcceptBatcher {
  private queue: Array<{ key: string; row: unknown[]; done: (fresh: boolean) => void; fail: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly writer: SqliteWriter) {}

  accept(key: string, platform: string, payload: string, leaseUntil: Date): Promise<boolean> {
    return new Promise((done, fail) => {
      const now = sqliteTime(new Date());
      this.queue.push({ key, row: [key, platform, payload, sqliteTime(leaseUntil), now], done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, ACCEPT_BATCH);
    if (this.queue.length) setImmediate(() => void this.flush());
    else this.scheduled = false;
    // the same key twice in one batch (a double delivery): only the first is new
    const first = new Map<string, (typeof batch)[number]>();
    for (const item of batch) if (!first.has(item.key)) first.set(item.key, item);
    const rows = [...first.values()];
    try {
      // at once, synchronously, when the writer is free; else in the writer's turn (never inside another's
      // transaction: an insert there would share that transaction's fate)
      const fresh = await this.writer.runNow((raw) => {
        const insert = insertInteraction(raw);
        return new Set(rows.filter((r) => insert.run(...r.row).changes === 1).map((r) => r.key));
      });
      for (const item of batch) item.done(first.get(item.key) === item && fresh.has(item.key));
    } catch (e) {
      for (const item of batch) item.fail(e);
    }
  }

  close(): void {
    for (const item of this.queue.splice(0)) item.fail(new Error("the store is closed"));
  }
}
