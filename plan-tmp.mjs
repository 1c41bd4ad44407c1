import Database from "better-sqlite3";
const db = new Database(process.argv[2]);
db.pragma("cache_size = -32000"); db.pragma("mmap_size = 268435456");
const from="2026-03-31T15:00:00.000+00:00", until="2027-03-31T15:00:00.000+00:00";
const cols = `p.id, p."createdAt" AS at, p.source, p."challengeId" AS ch, p.fields, p.pattern, p."ownerDepartment" AS dept, p."withdrawnAt" AS withdrawn`;
const agg = `MIN(r."respondedAt") AS taken,
           MIN(CASE WHEN a.kind = 'agreement' THEN a."concludedAt" END) AS agreed,
           MIN(CASE WHEN a.kind = 'no_agreement' THEN a."concludedAt" END) AS without`;
const qs = {
 cte: [`WITH y AS MATERIALIZED (SELECT ${cols} FROM "Proposal" p WHERE p."createdAt" >= ? AND p."createdAt" < ?)
   SELECT p.*, ${agg} FROM y p LEFT JOIN "Routing" r ON r."proposalId" = p.id AND r.state = 'taken' AND r."respondedAt" < ?
         LEFT JOIN "Agreement" a ON a."proposalId" = p.id AND a."concludedAt" < ? GROUP BY p.id, p.at, p.source, p.ch, p.fields, p.pattern, p.dept, p.withdrawn`, [from, until, until, until]],
 grpCreated: [`SELECT ${cols}, ${agg} FROM "Proposal" p
         LEFT JOIN "Routing" r ON r."proposalId" = p.id AND r.state = 'taken' AND r."respondedAt" < ?
         LEFT JOIN "Agreement" a ON a."proposalId" = p.id AND a."concludedAt" < ?
         WHERE p."createdAt" >= ? AND p."createdAt" < ?
         GROUP BY p."createdAt", p.id, p.source, p."challengeId", p.fields, p.pattern, p."ownerDepartment", p."withdrawnAt"`, [until, until, from, until]],
 threeQ: [`SELECT ${cols} FROM "Proposal" p WHERE p."createdAt" >= ? AND p."createdAt" < ?`, [from, until]],
 routings: [`SELECT r."proposalId" AS id, MIN(r."respondedAt") AS taken FROM "Routing" r JOIN "Proposal" p ON p.id = r."proposalId" WHERE p."createdAt" >= ? AND p."createdAt" < ? AND r.state = 'taken' AND r."respondedAt" < ? GROUP BY r."proposalId"`, [from, until, until]],
 agreements: [`SELECT a."proposalId" AS id, a.kind, a."concludedAt" AS at FROM "Agreement" a JOIN "Proposal" p ON p.id = a."proposalId" WHERE p."createdAt" >= ? AND p."createdAt" < ? AND a."concludedAt" < ?`, [from, until, until]],
 staleNotIn: [`SELECT p."ownerDepartment" AS dept, COUNT(*) AS n FROM "Proposal" p WHERE p."createdAt" < ?
           AND (p."withdrawnAt" IS NULL OR p."withdrawnAt" >= ?)
           AND p.id NOT IN (SELECT a."proposalId" FROM "Agreement" a WHERE a."proposalId" IS NOT NULL AND a."concludedAt" < ?)
           AND p.id NOT IN (SELECT r."proposalId" FROM "ReviewRound" r WHERE r.state = 'rejected' AND r."closedAt" < ?)
           GROUP BY p."ownerDepartment"`, ["2026-10-01T00:00:00.000+00:00", until, until, until]],
};
for (const [name, [q, params]] of Object.entries(qs)) {
  const st = db.prepare(q);
  console.log(name, db.prepare("EXPLAIN QUERY PLAN " + q).all(...params).map(r => r.detail).join(" | "));
  st.all(...params);
  const t0 = performance.now(); for (let i=0;i<3;i++) st.all(...params); console.log(name, ((performance.now()-t0)/3).toFixed(1), "ms", st.all(...params).length);
  st.raw(true); const t1 = performance.now(); for (let i=0;i<3;i++) st.all(...params); console.log(name, "raw", ((performance.now()-t1)/3).toFixed(1)); 
}
