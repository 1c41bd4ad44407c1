/**
 * Imports a list an office keeps (partnerships or disaster agreements, .xlsx or CSV). Like `import
 * agreements` it writes only with --yes; without it (or with --dry-run) the whole import runs and is
 * rolled back, so the plan shows every row's outcome and every problem. Unlike it, a row with a problem
 * does not hold back the others (see src/app/agreements/import-list.ts); the exit code is 1 when any row
 * had one.
 */
import { basename } from "node:path";
import { UnreadableText } from "../../app/kernel/text";
import { describeDatabase } from "../../db/status";
import type { ListKind } from "../../domain/office-list";
import { command, UsageError } from "../command";
import { CsvError, readListFile, UnreadableWorkbook } from "../list-file";

const KINDS: readonly ListKind[] = ["partnership", "disaster"];

export default command({
  name: "import partnerships",
  options: { "dry-run": { type: "boolean" }, yes: { type: "boolean" }, kind: { type: "string" } },
  args: 1,
  example: "import partnerships partnerships.xlsx --dry-run",
  async run(c) {
    const { t, io } = c;
    const file = c.args[0];
    if (!file) throw new UsageError(t.needListFile);
    const kind = c.str("kind");
    if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) throw new UsageError(t.badKind(kind));
    let rows;
    try {
      rows = await readListFile(file);
    } catch (e) {
      if (e instanceof UnreadableText) io.err(`${file}: ${c.m.io.unreadable}`);
      else if (e instanceof UnreadableWorkbook) io.err(`${file}: ${t.unreadableWorkbook(e.message)}`);
      else if (e instanceof CsvError) io.err(`${file}: ${c.m.io.parse((e as Error).message)}`);
      else throw e;
      return 1;
    }
    const core = await c.open();
    io.out(t.plan.importInto(file, describeDatabase(c.env.DATABASE_URL)));
    const dryRun = c.flag("dry-run") || !c.flag("yes");
    const res = await core.workflow.importList(rows, { dryRun, kind: kind as ListKind | undefined, source: `import:${basename(file)}` });
    const w = t.officeList;
    for (const r of res.rows) io.out(w.row(file, r.line, w.outcomes[r.outcome], w.kinds[r.kind], r.number, r.title, r.company, r.others));
    for (const p of res.problems) io.err(t.problem(file, p.line, p.field, p.message));
    if (res.unknownColumns.length) io.out(w.unknownColumns(res.unknownColumns.join(", ")));
    const count = (o: string) => res.rows.filter((r) => r.outcome === o).length;
    const problemRows = new Set(res.problems.map((p) => p.line)).size;
    io.out((dryRun ? w.wouldSummary : w.summary)(count("created"), count("unchanged"), count("amended"), problemRows));
    if (problemRows) io.err(dryRun ? w.wouldSkip : w.skipped);
    if (dryRun) io.out(c.flag("dry-run") ? t.plan.dryRun : t.plan.addYes);
    return res.problems.length ? 1 : 0;
  },
});
