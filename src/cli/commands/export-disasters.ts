/** Disaster agreements as CSV (for Excel), each row with its kind and department. Read-only. */
import { writeFileSync } from "node:fs";
import { command } from "../command";

export default command({
  name: "export disasters",
  options: { out: { type: "string" } },
  example: "export disasters --out disasters.csv",
  async run(c) {
    const core = await c.open();
    const text = await core.workflow.exportDisastersCsv();
    const out = c.str("out");
    if (out) writeFileSync(out, text);
    else if (c.io.raw) c.io.raw(text);
    else c.io.out(text.replace(/\r?\n$/, ""));
    return 0;
  },
});
