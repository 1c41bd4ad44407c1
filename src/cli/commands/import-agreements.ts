/**
 * Imports the office's existing agreements (all rows or none). It says which database it writes to and
 * imports only with --yes; without it (or with --dry-run) the whole import runs and is rolled back, so
 * the plan names every problem the real run would meet, the database's own included.
 */
import { readFileSync } from "node:fs";
import { decodeOfficeText, UnreadableText } from "../../app/kernel/text";
import { describeDatabase } from "../../db/client";
import { command, UsageError } from "../command";

export default command({
  name: "import agreements",
  options: { "dry-run": { type: "boolean" }, yes: { type: "boolean" } },
  args: 1,
  example: "import agreements existing.csv --dry-run",
  async run(c) {
    const { t, io } = c;
    const file = c.args[0];
    if (!file) throw new UsageError(t.needFile);
    let csv: string;
    try {
      csv = decodeOfficeText(readFileSync(file)).text;
    } catch (e) {
      if (!(e instanceof UnreadableText)) throw e;
      io.err(`${file}: ${c.m.io.unreadable}`);
      return 1;
    }
    const core = await c.open();
    io.out(t.plan.importInto(file, describeDatabase(c.env.DATABASE_URL)));
    const dryRun = c.flag("dry-run") || !c.flag("yes");
    const res = await core.workflow.importAgreements(csv, { dryRun });
    if (res.problems.length) {
      for (const p of res.problems) io.err(t.problem(file, p.line, p.field, p.message));
      io.err(t.nothingImported(res.problems.length));
      return 1;
    }
    for (const d of res.duplicates ?? []) io.err(t.duplicate(file, d.line, d.agreement));
    if (dryRun) {
      io.out(t.plan.wouldImport(res.imported, res.duplicates?.length ?? 0));
      io.out(c.flag("dry-run") ? t.plan.dryRun : t.plan.addYes);
      return 0;
    }
    io.out(t.imported(res.imported, res.duplicates?.length ?? 0));
    return 0;
  },
});
