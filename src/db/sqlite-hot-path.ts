/**
 * The statements of a click's hot path on SQLite (a vote: its round, proposal and company, the round's
 * votes, the vote, the audit row, the card's new body, the interaction marked done), as prepared better-sqlite3 statements on the connection Prisma
 * itself uses. Through Prisma each statement costs about 0.7 ms (query compiler, interpreter, and an
 * adapter that prepares every statement again); prepared once here, a few hundredths of that.
 *
 * Safe because SQLite has one connection per client: inside a Prisma transaction these statements run in
 * that transaction; on the reader they see committed data only. They are used only through the
 * repositories of a transaction (writer) or of the reader, never on the writer outside a transaction.
 * Times are written as Prisma writes them (ISO with +00:00), so both compare and read alike.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { CompanyRecord, NewAudit, ProposalRecord, Repos, RoundRecord, VoteRecord } from "../ports/store";

/** The better-sqlite3 connection behind each SQLite Prisma client (set when the adapter connects). */
const connections = new WeakMap<object, { raw?: Database.Database }>();

export function registerConnection(client: object, holder: { raw?: Database.Database }): void {
  connections.set(client, holder);
}

/** The connection behind a Prisma client, read at each call (the adapter may reconnect); undefined on PostgreSQL. */
export function connectionOf(client: object): () => Database.Database | undefined {
  const holder = connections.get(client);
  return () => holder?.raw;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    // the adapter turns on safe integers for the whole connection: these rows hold small numbers
    stmt = db.prepare(sql).safeIntegers(false);
    cache.set(sql, stmt);
  }
  return stmt;
}

const time = (d: Date) => d.toISOString().replace("Z", "+00:00");
const date = (s: string | null) => (s === null ? null : new Date(s));

const ROUND_COLUMNS = `"id", "proposalId", "number", "state", "openedBy", "openedAt", "deadline", "closedAt", "closedBy", "closeReason"`;
type RoundRow = Omit<RoundRecord, "openedAt" | "deadline" | "closedAt"> & { openedAt: string; deadline: string; closedAt: string | null };
const round = (r: RoundRow): RoundRecord => ({ ...r, openedAt: date(r.openedAt)!, deadline: date(r.deadline)!, closedAt: date(r.closedAt) });

const VOTE_COLUMNS = `"roundId", "memberId", "choice", "comment", "platform", "updatedAt"`;
type VoteRow = Omit<VoteRecord, "updatedAt"> & { updatedAt: string };
const vote = (v: VoteRow): VoteRecord => ({ ...v, updatedAt: date(v.updatedAt)! });

const PROPOSAL_COLUMNS = `"id", "number", "companyId", "title", "summary", "fields", "pattern", "costToCity", "desiredStart", "contactName", "email", "phone", "source", "status", "ownerDepartment", "ownerOpinion", "companyBearsDevCost", "challengeId", "submittedCompanyName", "submittedCorporateNumber", "locale", "createdAt"`;
type ProposalRow = Omit<ProposalRecord, "fields" | "costToCity" | "companyBearsDevCost" | "createdAt"> & { fields: string; costToCity: number; companyBearsDevCost: number; createdAt: string };
const proposal = (p: ProposalRow): ProposalRecord => ({
  ...p,
  fields: JSON.parse(p.fields) as string[],
  costToCity: p.costToCity === 1,
  companyBearsDevCost: p.companyBearsDevCost === 1,
  createdAt: date(p.createdAt)!,
});
const COMPANY_COLUMNS = `"id", "name", "normalizedName", "corporateNumber", "contactName", "email", "phone"`;

/** The hot-path repositories over `raw()`, the connection behind a Prisma client, laid over `base`. */
export function withHotPath(base: Repos, raw: () => Database.Database | undefined, tenant: string): Repos {
  const db = () => raw()!;
  if (!raw()) return base;
  return {
    ...base,
    proposals: {
      ...base.proposals,
      get: async (id) => {
        const row = prepared(db(), `SELECT ${PROPOSAL_COLUMNS} FROM "Proposal" WHERE "id" = ? AND "tenantId" = ?`).get(id, tenant) as ProposalRow | undefined;
        return row ? proposal(row) : null;
      },
    },
    companies: {
      ...base.companies,
      get: async (id) => (prepared(db(), `SELECT ${COMPANY_COLUMNS} FROM "Company" WHERE "id" = ? AND "tenantId" = ?`).get(id, tenant) as CompanyRecord | undefined) ?? null,
    },
    rounds: {
      ...base.rounds,
      get: async (id) => {
        const row = prepared(db(), `SELECT ${ROUND_COLUMNS} FROM "ReviewRound" WHERE "id" = ? AND "tenantId" = ?`).get(id, tenant) as RoundRow | undefined;
        return row ? round(row) : null;
      },
      listByProposal: async (proposalId) =>
        (prepared(db(), `SELECT ${ROUND_COLUMNS} FROM "ReviewRound" WHERE "proposalId" = ? AND "tenantId" = ? ORDER BY "number" ASC`).all(proposalId, tenant) as RoundRow[]).map(round),
    },
    votes: {
      ...base.votes,
      listByRound: async (roundId) =>
        (prepared(db(), `SELECT ${VOTE_COLUMNS} FROM "Vote" WHERE "roundId" = ? AND "tenantId" = ? ORDER BY "createdAt" ASC`).all(roundId, tenant) as VoteRow[]).map(vote),
      upsert: async (v) => {
        const now = time(new Date());
        const row = prepared(
          db(),
          `INSERT INTO "Vote" ("id", "tenantId", "roundId", "memberId", "choice", "comment", "platform", "updatedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT ("roundId", "memberId") DO UPDATE SET "choice" = excluded."choice", "comment" = excluded."comment", "platform" = excluded."platform", "updatedAt" = excluded."updatedAt"
           RETURNING ${VOTE_COLUMNS}`,
        ).get(randomUUID(), tenant, v.roundId, v.memberId, v.choice, v.comment, v.platform, now, now) as VoteRow;
        return vote(row);
      },
    },
    audit: {
      ...base.audit,
      add: async (e: NewAudit) => {
        prepared(
          db(),
          `INSERT INTO "AuditEvent" ("tenantId", "at", "actor", "platform", "action", "subjectType", "subjectId", "proposalId", "data") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(tenant, time(new Date()), e.actor, e.platform, e.action, e.subjectType, e.subjectId, e.proposalId ?? null, e.data === undefined ? null : JSON.stringify(e.data));
      },
    },
    outbox: {
      ...base.outbox,
      // a card redrawn: the new body, due at once (as the Prisma version writes it)
      replace: async (key, body) =>
        prepared(db(), `UPDATE "OutboundMessage" SET "body" = ?, "version" = "version" + 1, "nextAttemptAt" = ?, "attempts" = 0, "pending" = 1 WHERE "key" = ?`).run(body, time(new Date(0)), key)
          .changes === 1,
    },
    inbox: {
      complete: async (key, at) =>
        prepared(db(), `UPDATE "Interaction" SET "state" = 'done', "doneAt" = ? WHERE "key" = ? AND "state" = 'pending'`).run(time(at), key).changes === 1,
    },
  };
}

/**
 * The outbox's lanes (channels) with a message due, on SQLite. A GROUP BY over the pending messages reads
 * every one of them (10,000 waiting: tens of milliseconds per pass, the event loop blocked): instead each
 * next channel is one seek in the (pending, platform, channel, id) index, and a channel is due when one
 * of its pending messages is.
 */
export function dueLanesOn(db: Database.Database, platforms: readonly string[], now: Date, limit: number): Array<{ platform: string; channel: string }> {
  const next = prepared(db, `SELECT "platform", "channel" FROM "OutboundMessage" WHERE "pending" = 1 AND ("platform", "channel") > (?, ?) ORDER BY "platform", "channel" LIMIT 1`);
  const due = prepared(db, `SELECT 1 AS "due" FROM "OutboundMessage" WHERE "pending" = 1 AND "platform" = ? AND "channel" = ? AND "nextAttemptAt" <= ? LIMIT 1`);
  const at = time(now);
  const lanes: Array<{ platform: string; channel: string }> = [];
  // read in one transaction: one snapshot, one lock, however many channels
  db.transaction(() => {
    let after = { platform: "", channel: "" };
    for (let lane = next.get(after.platform, after.channel) as typeof after | undefined; lane && lanes.length < limit; lane = next.get(after.platform, after.channel) as typeof after | undefined) {
      after = lane;
      if (platforms.includes(lane.platform) && due.get(lane.platform, lane.channel, at)) lanes.push(lane);
    }
  })();
  return lanes;
}

/**
 * How many of the messages queued under one base key ("<base>@<platform>:<channel>", one per channel) are
 * not delivered yet. A range over the unique key's index: Prisma's startsWith is a LIKE, which SQLite
 * answers by reading every message (10,000 waiting: milliseconds for every delivery).
 */
export function undeliveredOn(db: Database.Database, base: string): number {
  // every key that starts with "<base>@" sorts between it and "<base>A" ("A" follows "@" in every encoding SQLite compares)
  const row = prepared(db, `SELECT COUNT(*) AS "n" FROM "OutboundMessage" WHERE "key" >= ? AND "key" < ? AND "deliveredVersion" = 0`).get(`${base}@`, `${base}A`) as { n: number };
  return row.n;
}
