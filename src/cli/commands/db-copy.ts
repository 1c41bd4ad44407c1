/**
 * Copies the SQLite database into an empty PostgreSQL one (a target holding any row is refused). It says
 * what it would copy where, and copies only with --yes.
 */
import { existsSync } from "node:fs";
import { copyToPostgres, describeDatabase, sqlitePath, sqliteRowCounts } from "../../db/client";
import { CopyRefused } from "../../db/copy";
import { isPostgresUrl } from "../../db/postgres";
import { command, UsageError } from "../command";

export default command({
  name: "db copy",
  options: { to: { type: "string" }, yes: { type: "boolean" } },
  example: "db copy --to postgresql://user:password@host:5432/partner",
  async run(c) {
    const { t, io, env } = c;
    const to = c.str("to");
    if (!to) throw new UsageError(t.needTarget);
    io.out(t.plan.copy(describeDatabase(env.DATABASE_URL), describeDatabase(to)));
    if (!c.flag("yes")) {
      if (!isPostgresUrl(env.DATABASE_URL) && existsSync(sqlitePath(env.DATABASE_URL))) {
        for (const r of sqliteRowCounts(env.DATABASE_URL)) io.out(t.plan.copyTable(r.table, r.rows));
      }
      io.out(t.plan.addYes);
      return 0;
    }
    try {
      const report = await copyToPostgres(env.DATABASE_URL, to);
      for (const r of report.tables) io.out(`${r.table}\t${r.rows}`);
      io.out(t.copied(report.tables.reduce((n, x) => n + x.rows, 0), report.tables.length));
      return 0;
    } catch (e) {
      if (e instanceof CopyRefused) {
        io.err(e.message);
        return 1;
      }
      throw e;
    }
  },
});
