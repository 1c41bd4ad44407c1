/** Agreements as CSV (for Excel) or their end dates as iCalendar events. Read-only. */
import { writeFileSync } from "node:fs";
import { command, UsageError } from "../command";

export default command({
  name: "export agreements",
  options: { format: { type: "string" }, out: { type: "string" } },
  example: "export agreements --format ics --out ends.ics",
  async run(c) {
    const format = c.str("format") ?? "csv";
    if (format !== "csv" && format !== "ics") throw new UsageError(c.t.badFormat(format));
    const core = await c.open();
    const text = format === "csv" ? await core.workflow.exportAgreementsCsv() : await core.workflow.exportAgreementsIcs();
    const out = c.str("out");
    if (out) writeFileSync(out, text);
    else if (c.io.raw) c.io.raw(text);
    else c.io.out(text.replace(/\r?\n$/, ""));
    return 0;
  },
});
