/**
 * The reports' query layer (src/ports/reports.ts): a handful of SQL statements per fiscal year, the same
 * text on SQLite and PostgreSQL (only placeholders and date parameters differ), aggregated in the
 * database where a count will do, one row per proposal of the year where a distribution is needed.
 */
import { randomUUID } from "node:crypto";
import type { AgreementFact, ChallengeFact, Outcome, ProposalFact, ReportsQuery, RoundFact, StatusReportFact, UnitName, YearFacts, YearWindow } from "../ports/reports";
import { isUniqueViolation, type Db } from "./db";
import { connectionOf } from "./sqlite-hot-path";

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
type Row = Record<string, unknown>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** SQLite hands DateTime columns back as text (or epoch milliseconds); PostgreSQL as Date */
const when = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === "string" && /^\d+$/.test(v) ? Number(v) : (v as string)));

/** Days added to a YYYY-MM-DD date. */
function plusDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** `tenant`: the municipality whose figures these are; every statement names it (p."tenantId" = ?). */
export function reportsQuery(db: Db, provider: "sqlite" | "postgresql", write: <T>(fn: (d: Tx) => Promise<T>) => Promise<T>, tenant = "default"): ReportsQuery {
  // Prisma writes SQLite DateTime as ISO text with "+00:00"; compared as text, so parameters match it
  const at = (d: Date): unknown => (provider === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d);
  // SQLite: the reader's own connection, statements prepared once (Prisma's raw path converts every cell)
  const raw = provider === "sqlite" ? connectionOf(db) : () => undefined;
  const prepared = new Map<string, import("better-sqlite3").Statement>();
  const query = async (sql: string, params: unknown[]): Promise<Row[]> => {
    const conn = raw();
    if (conn) {
      let st = prepared.get(sql);
      if (!st) prepared.set(sql, (st = conn.prepare(sql)));
      return st.all(...params) as Row[];
    }
    let i = 0;
    const text = provider === "postgresql" ? sql.replace(/\?/g, () => `$${++i}`) : sql;
    return (await db.$queryRawUnsafe(text, ...params)) as Row[];
  };
  // the same, each row as its values in the statement's column order: a year's 30,000 proposals as arrays
  // skip building 30,000 keyed objects on SQLite (about a third of the statement's time)
  const rawPrepared = new Map<string, import("better-sqlite3").Statement>();
  const queryValues = async (sql: string, params: unknown[]): Promise<unknown[][]> => {
    const conn = raw();
    if (conn) {
      let st = rawPrepared.get(sql);
      if (!st) rawPrepared.set(sql, (st = conn.prepare(sql).raw(true)));
      return st.all(...params) as unknown[][];
    }
    return (await query(sql, params)).map((r) => Object.values(r));
  };

  async function proposals(w: YearWindow, until: Date): Promise<ProposalFact[]> {
    const inYear = `p."tenantId" = ? AND p."createdAt" >= ? AND p."createdAt" < ?`;
    const range = [tenant, at(w.from), at(until)];
    // one row per proposal of the year, its take-up and decisions from one join: PostgreSQL hashes it
    // (three correlated subqueries ran as 3 × 29,000 index scans there), SQLite probes each table once per
    // proposal instead of three times; a routing × agreement product per proposal leaves every MIN as it is
    const [rows, rounds] = await Promise.all([
      queryValues(
        `SELECT p.id, p."createdAt" AS at, p.source, p."challengeId" AS ch, p.fields, p.pattern, p."ownerDepartment" AS dept, p."withdrawnAt" AS withdrawn,
           MIN(r."respondedAt") AS taken,
           MIN(CASE WHEN a.kind = 'agreement' THEN a."concludedAt" END) AS agreed,
           MIN(CASE WHEN a.kind = 'no_agreement' THEN a."concludedAt" END) AS without
         FROM "Proposal" p
         LEFT JOIN "Routing" r ON r."proposalId" = p.id AND r.state = 'taken' AND r."respondedAt" < ?
         LEFT JOIN "Agreement" a ON a."proposalId" = p.id AND a."concludedAt" < ?
         WHERE ${inYear}
         GROUP BY p.id, p."createdAt", p.source, p."challengeId", p.fields, p.pattern, p."ownerDepartment", p."withdrawnAt"`,
        [at(until), at(until), ...range],
      ),
      query(
        `SELECT r."proposalId" AS id, r.state, r."openedAt" AS opened, r."closedAt" AS closed FROM "ReviewRound" r JOIN "Proposal" p ON p.id = r."proposalId"
         WHERE ${inYear} AND r."openedAt" < ?`,
        [...range, at(until)],
      ),
    ]);
    // the statement's columns, in order
    const [ID, AT, SOURCE, CH, FIELDS, PATTERN, DEPT, WITHDRAWN, TAKEN, AGREED, WITHOUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const board = new Map<string, { ms: number; rejectedAt: Date | null }>();
    for (const r of rounds) {
      const id = String(r.id);
      const b = board.get(id) ?? { ms: 0, rejectedAt: null };
      const opened = when(r.opened)!;
      let closed = when(r.closed);
      if (!closed || closed >= until) closed = null;
      b.ms += Math.max(0, (closed ?? w.asOf).getTime() - opened.getTime());
      if (closed && r.state === "rejected" && (!b.rejectedAt || closed < b.rejectedAt)) b.rejectedAt = closed;
      board.set(id, b);
    }
    return rows.map((r) => {
      const id = String(r[ID]);
      const agreed = when(r[AGREED]);
      const without = when(r[WITHOUT]);
      const b = board.get(id);
      let outcome: Outcome = "in_progress";
      let decidedAt: Date | null = null;
      if (agreed && (!without || agreed <= without)) {
        outcome = "agreement";
        decidedAt = agreed;
      } else if (without) {
        outcome = "no_agreement";
        decidedAt = without;
      } else if (b?.rejectedAt) {
        outcome = "declined";
        decidedAt = b.rejectedAt;
      }
      // a withdrawal that came before the figures' instant ends the proposal (nothing is concluded after it)
      const withdrawn = when(r[WITHDRAWN]);
      if (withdrawn && withdrawn < until && (!decidedAt || withdrawn < decidedAt)) {
        outcome = "withdrawn";
        decidedAt = withdrawn;
      }
      return {
        id,
        createdAt: when(r[AT])!,
        source: String(r[SOURCE]),
        challengeId: str(r[CH]),
        fields: JSON.parse(String(r[FIELDS])) as string[],
        pattern: String(r[PATTERN]),
        department: str(r[DEPT]),
        takenAt: when(r[TAKEN]),
        outcome,
        decidedAt,
        boardMs: b?.ms ?? 0,
      };
    });
  }

  return {
    async year(w, department) {
      // what happened up to the figures' instant: the end of the year, or now
      const until = new Date(Math.min(w.to.getTime(), w.asOf.getTime() + 1));
      const day = w.asOfDay;
      const fromDay = new Date(w.from.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
      const concludedIn = `a."concludedAt" >= ? AND a."concludedAt" < ?`;
      const active = `a.kind = 'agreement' AND a."startDate" <= ? AND (a."endDate" IS NULL OR a."endDate" >= ?)`;
      const [props, stale, rounds, agreements, received, reminders, challenges, partners] = await Promise.all([
        proposals(w, until),
        // older than six months and not withdrawn, less those decided by then: two counts instead of two
        // probes for every proposal the city ever had (the decided are a few, reached from their side)
        Promise.all([
          query(
            `SELECT p."ownerDepartment" AS dept, COUNT(*) AS n FROM "Proposal" p WHERE p."tenantId" = ? AND p."createdAt" < ? AND (p."withdrawnAt" IS NULL OR p."withdrawnAt" >= ?)
             GROUP BY p."ownerDepartment"`,
            [tenant, at(w.staleBefore), at(until)],
          ),
          query(
            `SELECT p."ownerDepartment" AS dept, COUNT(*) AS n FROM (
               SELECT a."proposalId" AS id FROM "Agreement" a WHERE a."tenantId" = ? AND a."proposalId" IS NOT NULL AND a."concludedAt" < ?
               UNION SELECT r."proposalId" FROM "ReviewRound" r WHERE r."tenantId" = ? AND r.state = 'rejected' AND r."closedAt" < ?) d
             JOIN "Proposal" p ON p.id = d.id WHERE p."tenantId" = ? AND p."createdAt" < ? AND (p."withdrawnAt" IS NULL OR p."withdrawnAt" >= ?)
             GROUP BY p."ownerDepartment"`,
            [tenant, at(until), tenant, at(until), tenant, at(w.staleBefore), at(until)],
          ),
        ]).then(([old, decided]) => {
          const less = new Map(decided.map((r) => [str(r.dept), num(r.n)]));
          return old.map((r) => ({ dept: r.dept, n: num(r.n) - (less.get(str(r.dept)) ?? 0) })).filter((r) => r.n > 0);
        }),
        query(
          `SELECT p."ownerDepartment" AS dept, CASE WHEN r."closedAt" IS NULL OR r."closedAt" >= ? THEN 'open' ELSE r.state END AS state, COUNT(*) AS n
           FROM "ReviewRound" r JOIN "Proposal" p ON p.id = r."proposalId" WHERE r."tenantId" = ? AND r."openedAt" >= ? AND r."openedAt" < ? GROUP BY 1, 2`,
          [at(until), tenant, at(w.from), at(until)],
        ),
        query(
          `SELECT a."departmentCode" AS dept, a.pattern, a.origin,
             SUM(CASE WHEN a.kind = 'agreement' AND ${concludedIn} THEN 1 ELSE 0 END) AS concluded,
             SUM(CASE WHEN a.kind = 'no_agreement' AND ${concludedIn} THEN 1 ELSE 0 END) AS no_agreement,
             SUM(CASE WHEN ${active} THEN 1 ELSE 0 END) AS active,
             SUM(CASE WHEN ${active} AND a."endDate" <= ? THEN 1 ELSE 0 END) AS ending30,
             SUM(CASE WHEN ${active} AND a."endDate" > ? AND a."endDate" <= ? THEN 1 ELSE 0 END) AS ending90,
             SUM(CASE WHEN a.kind = 'agreement' AND a."endDate" >= ? AND a."endDate" <= ? THEN 1 ELSE 0 END) AS ended,
             SUM(CASE WHEN a.kind = 'agreement' AND a."predecessorId" IS NOT NULL AND ${concludedIn} THEN 1 ELSE 0 END) AS renewed
           FROM "Agreement" a WHERE a."tenantId" = ? AND a."concludedAt" IS NOT NULL AND a."concludedAt" < ? AND (a."endDate" IS NULL OR a."endDate" >= ?)
           GROUP BY a."departmentCode", a.pattern, a.origin`,
          [
            at(w.from), at(until),
            at(w.from), at(until),
            day, day,
            day, day, plusDays(day, 30),
            day, day, plusDays(day, 30), plusDays(day, 90),
            fromDay, day,
            at(w.from), at(until),
            tenant, at(until), fromDay,
          ],
        ),
        query(
          `SELECT COALESCE(s."departmentCode", a."departmentCode") AS dept, COUNT(*) AS n, SUM(COALESCE(s."estimatedAmount", 0)) AS amount, COUNT(s."estimatedAmount") AS with_amount
           FROM "StatusReport" s JOIN "Agreement" a ON a.id = s."agreementId" WHERE s."tenantId" = ? AND s."createdAt" >= ? AND s."createdAt" < ? GROUP BY 1`,
          [tenant, at(w.from), at(until)],
        ),
        query(
          `SELECT a."departmentCode" AS dept, m.kind, COUNT(*) AS n FROM "Reminder" m JOIN "Agreement" a ON a.id = m."subjectId"
           WHERE m."tenantId" = ? AND m.kind IN ('followup', 'report_chase') AND m."dueAt" >= ? AND m."dueAt" < ? AND m.state IN ('sent', 'queued') GROUP BY 1, 2`,
          [tenant, at(w.from), at(until)],
        ),
        query(
          `SELECT c.number, c.kind, c.title, c."departmentCode" AS dept, c.deadline, COUNT(p.id) AS n FROM "Challenge" c
           LEFT JOIN "Proposal" p ON p."challengeId" = c.id AND p."createdAt" < ?
           WHERE c."tenantId" = ? AND c."createdAt" < ? AND c.deadline >= ? GROUP BY c.id, c.number, c.kind, c.title, c."departmentCode", c.deadline ORDER BY c.number`,
          [at(until), tenant, at(until), fromDay],
        ),
        (() => {
          const ends = w.partnerYears.map((y) => new Date(Math.min(Date.UTC(y + 1, 3, 1) - 9 * 3_600_000, until.getTime())));
          const sums = ends.map((_, i) => `SUM(CASE WHEN x.first < ? THEN 1 ELSE 0 END) AS y${i}`).join(", ");
          return query(
            `SELECT ${sums} FROM (SELECT MIN(a."concludedAt") AS first FROM "Agreement" a WHERE a."tenantId" = ? AND a."concludedAt" IS NOT NULL${department ? ` AND a."departmentCode" = ?` : ""} GROUP BY a."companyId") x`,
            [...ends.map(at), tenant, ...(department ? [department] : [])],
          );
        })(),
      ]);
      const reports = new Map<string, StatusReportFact>();
      const reportOf = (d: string) => {
        let x = reports.get(d);
        if (!x) reports.set(d, (x = { department: d, due: 0, received: 0, overdue: 0, amount: 0, amountReports: 0 }));
        return x;
      };
      for (const r of received) Object.assign(reportOf(String(r.dept)), { received: num(r.n), amount: num(r.amount), amountReports: num(r.with_amount) });
      for (const r of reminders) {
        const x = reportOf(String(r.dept));
        if (r.kind === "followup") x.due += num(r.n);
        else x.overdue += num(r.n);
      }
      const facts: YearFacts = {
        proposals: props,
        stale: stale.map((r) => ({ department: str(r.dept), count: num(r.n) })),
        rounds: rounds.map((r): RoundFact => ({ department: str(r.dept), state: String(r.state), count: num(r.n) })),
        agreements: agreements.map(
          (r): AgreementFact => ({
            department: String(r.dept),
            pattern: String(r.pattern),
            origin: String(r.origin),
            concluded: num(r.concluded),
            noAgreement: num(r.no_agreement),
            active: num(r.active),
            ending30: num(r.ending30),
            ending90: num(r.ending90),
            ended: num(r.ended),
            renewed: num(r.renewed),
          }),
        ),
        reports: [...reports.values()],
        challenges: challenges.map((r): ChallengeFact => ({ number: num(r.number), kind: String(r.kind), title: String(r.title), department: String(r.dept), deadline: String(r.deadline), answers: num(r.n) })),
        partners: w.partnerYears.map((fiscalYear, i) => ({ fiscalYear, companies: num(partners[0]?.[`y${i}`]) })),
      };
      return facts;
    },

    async years() {
      const rows = await query(
        `SELECT MIN(x.at) AS first, MAX(x.at) AS last FROM (SELECT MIN("createdAt") AS at FROM "Proposal" WHERE "tenantId" = ? UNION ALL SELECT MAX("createdAt") FROM "Proposal" WHERE "tenantId" = ?
         UNION ALL SELECT MIN("concludedAt") FROM "Agreement" WHERE "tenantId" = ? UNION ALL SELECT MAX("concludedAt") FROM "Agreement" WHERE "tenantId" = ?) x`,
        [tenant, tenant, tenant, tenant],
      );
      const first = when(rows[0]?.first);
      const last = when(rows[0]?.last);
      if (!first || !last) return [];
      const fy = (d: Date) => {
        const t = new Date(d.getTime() + 9 * 3_600_000);
        return t.getUTCMonth() >= 3 ? t.getUTCFullYear() : t.getUTCFullYear() - 1;
      };
      const out: number[] = [];
      for (let y = fy(first); y <= fy(last); y++) out.push(y);
      return out;
    },

    async names() {
      const rows = await db.orgUnitName.findMany({ where: { tenantId: tenant }, orderBy: { seenAt: "asc" } });
      return rows.map((r): UnitName => ({ kind: r.kind as UnitName["kind"], code: r.code, ja: r.nameJa, en: r.nameEn, seenAt: r.seenAt }));
    },

    async recordNames(names, seenAt) {
      const known = new Set((await db.orgUnitName.findMany({ where: { tenantId: tenant } })).map((r) => `${r.kind}\u0000${r.code}\u0000${r.nameJa}\u0000${r.nameEn}`));
      const missing = names.filter((n) => !known.has(`${n.kind}\u0000${n.code}\u0000${n.ja}\u0000${n.en}`));
      if (missing.length === 0) return;
      try {
        await write(async (d) => {
          for (const n of missing) {
            await d.orgUnitName.upsert({
              where: { tenantId_kind_code_nameJa_nameEn: { tenantId: tenant, kind: n.kind, code: n.code, nameJa: n.ja, nameEn: n.en } },
              create: { tenantId: tenant, id: randomUUID(), kind: n.kind, code: n.code, nameJa: n.ja, nameEn: n.en, seenAt },
              update: {},
            });
          }
        });
      } catch (e) {
        // replicas starting at once record the same names: the one that lost the race finds them recorded
        if (!isUniqueViolation(e)) throw e;
      }
    },

    async saveImage(id, png) {
      await write((d) => d.reportImage.upsert({ where: { id, tenantId: tenant }, create: { tenantId: tenant, id, png: Buffer.from(png) }, update: {} }));
    },

    async image(id) {
      const row = await db.reportImage.findUnique({ where: { id, tenantId: tenant } });
      return row ? new Uint8Array(row.png) : null;
    },
  };
}
