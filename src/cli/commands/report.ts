/** The planning division's figures of one fiscal year as .xlsx or CSV (src/app/reports); it records only the current names of departments and fields. */
import { writeFileSync } from "node:fs";
import { recordUnitNames } from "../../app/reports/names";
import { command, UsageError } from "../command";

export default command({
  name: "report",
  options: { "fiscal-year": { type: "string" }, format: { type: "string" }, out: { type: "string" }, department: { type: "string" } },
  example: "report --fiscal-year 2027 --format xlsx --out report-2027.xlsx",
  async run(c) {
    const rt = c.m.reports.cli;
    const raw = c.str("fiscal-year") ?? "";
    const year = Number.parseInt(raw, 10);
    if (!/^\d{4}$/.test(raw) || year < 2000) throw new UsageError(rt.needYear);
    const format = c.str("format") ?? "xlsx";
    if (format !== "xlsx" && format !== "csv") throw new UsageError(rt.needFormat);
    const out = c.str("out");
    if (format === "xlsx" && !out) throw new UsageError(rt.needOut);
    const core = await c.open();
    // names as this config has them, for figures whose events predate any start of the bot with it
    await recordUnitNames(core.ctx);
    const { reportCsv, reportXlsx } = await import("../../app/reports/files");
    const report = await core.workflow.reports.year(year, { department: c.str("department") ?? null });
    if (format === "xlsx") {
      writeFileSync(out!, await reportXlsx(report));
      c.io.out(rt.written(out!));
    } else if (out) {
      writeFileSync(out, reportCsv(report));
      c.io.out(rt.written(out));
    } else if (c.io.raw) c.io.raw(reportCsv(report));
    else c.io.out(reportCsv(report).replace(/\r?\n$/, ""));
    return 0;
  },
});
