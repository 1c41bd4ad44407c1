/** The audit trail as CSV, between two Tokyo calendar days (both inclusive). Read-only. */
import { writeFileSync } from "node:fs";
import { addDays, isIsoDate, tokyoTime } from "../../domain/calendar";
import { command, UsageError } from "../command";

export default command({
  name: "export audit",
  options: { from: { type: "string" }, to: { type: "string" }, out: { type: "string" } },
  example: "export audit --from 2027-04-01 --to 2028-03-31",
  async run(c) {
    const day = (name: "from" | "to") => {
      const v = c.str(name);
      if (v === undefined) return undefined;
      if (!isIsoDate(v)) throw new UsageError(c.t.badDate(name, v));
      return v;
    };
    const fromDay = day("from");
    const toDay = day("to");
    const from = fromDay === undefined ? null : tokyoTime(fromDay, 0);
    const to = toDay === undefined ? null : tokyoTime(addDays(toDay, 1), 0);
    const core = await c.open();
    const text = await core.workflow.exportAuditCsv(from, to);
    const out = c.str("out");
    if (out) writeFileSync(out, text);
    else c.io.out(text.replace(/\r?\n$/, ""));
    return 0;
  },
});
