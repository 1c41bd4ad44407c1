/** Checks the org config: its shape and what refers to what, each problem with its path. */
import { checkOrgFile, isExampleOrg } from "../../config/check";
import { resolveOrgPath } from "../../config/org";
import { command } from "../command";

export default command({
  name: "config check",
  options: { config: { type: "string" } },
  example: "config check --config config/org.yml",
  async run(c) {
    const { io } = c;
    const w = c.t.check;
    const path = c.str("config") ?? resolveOrgPath(c.env.ORG_CONFIG);
    io.out(w.loaded(path));
    if (isExampleOrg(path)) io.err(w.example);
    const issues = checkOrgFile(path, c.env, w);
    for (const i of issues) (i.level === "error" ? io.err : io.out)(`${i.path}: ${i.level === "warning" ? w.warning : ""}${i.message}`);
    const errors = issues.filter((i) => i.level === "error").length;
    io.out(issues.length ? w.summary(path, errors, issues.length - errors) : w.ok(path));
    return errors ? 1 : 0;
  },
});
