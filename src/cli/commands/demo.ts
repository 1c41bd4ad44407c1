/** The local trial: see src/trial/demo.ts. Opens no database of the office's, so it needs no --yes. */
import { loadOrg, resolveOrgPath } from "../../config/org";
import { runDemo } from "../../trial/demo";
import { command } from "../command";

export default command({
  name: "demo",
  options: {},
  example: "demo",
  async run(c) {
    const org = loadOrg(resolveOrgPath(c.env.ORG_CONFIG));
    const result = await runDemo(org, c.env.LOCALE, c.io.out);
    return result.status === "concluded" ? 0 : 1;
  },
});
