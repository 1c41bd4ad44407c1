/**
 * `config check` and start-up: the org config validated (the loader's zod schema) and cross-checked,
 * each problem named by its path in the file, in the configured language. The schema's own rules that
 * speak English (duplicate codes, quorum, the window's channel, a person's id) are checked here again
 * with localized words, so they are left out of the schema's list.
 */
import { PROJECT_ROOT } from "../paths";
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { CliWords } from "../i18n/cli";
import { teamsMode, type Env } from "./env";
import { orgSchema } from "./org";

export interface ConfigIssue {
  level: "error" | "warning";
  /** where in the file: departments.2.fields.1 */
  path: string;
  message: string;
}

const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const TEAMS_CHANNEL = /^19:[^@\s]+@thread\.(tacv2|skype)$/;
export const EXAMPLE_ORG = "config/org.example.yml";

/** The example shipped with the repository: fine to try the bot, never what an office runs on. */
export function isExampleOrg(path: string): boolean {
  return resolve(path) === resolve(EXAMPLE_ORG) || resolve(path) === resolve(PROJECT_ROOT, EXAMPLE_ORG);
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Problems of an org config already read (raw: as parsed from YAML or JSON). */
export function checkOrg(raw: unknown, env: Pick<Env, "PUBLIC_DESK" | "MICROSOFT_APP_ID" | "TEAMS_EMULATOR">, w: CliWords["check"]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const error = (path: Array<string | number>, message: string) => issues.push({ level: "error", path: path.join(".") || "(root)", message });
  const warn = (path: Array<string | number>, message: string) => issues.push({ level: "warning", path: path.join(".") || "(root)", message });

  const parsed = orgSchema.safeParse(raw);
  if (!parsed.success) {
    // a missing city is named below, with what it is for (city.name)
    for (const i of parsed.error.issues) if (i.code !== "custom" && !(i.path.length === 1 && i.path[0] === "city")) error(i.path as Array<string | number>, i.message);
  }
  const org = obj(raw);
  const window = obj(org.window);
  const departments = arr(org.departments).map(obj);
  const board = obj(org.board);
  const teamsOff = teamsMode(env as Env) === "off";

  const city = obj(obj(org.city).name);
  if (typeof city.ja !== "string" || !city.ja || typeof city.en !== "string" || !city.en) error(["city", "name"], w.noCity);

  // channel ids, and Teams channels that nothing would ever deliver to
  const channels = (unit: Raw, path: Array<string | number>) => {
    if (typeof unit.slackChannel === "string" && !SLACK_CHANNEL.test(unit.slackChannel)) error([...path, "slackChannel"], w.slackChannel(unit.slackChannel));
    if (typeof unit.teamsChannel === "string") {
      if (!TEAMS_CHANNEL.test(unit.teamsChannel)) error([...path, "teamsChannel"], w.teamsChannel(unit.teamsChannel));
      if (teamsOff) warn([...path, "teamsChannel"], w.teamsOff);
    }
  };
  channels(window, ["window"]);
  if (!window.slackChannel && !window.teamsChannel) error(["window"], w.windowChannel);
  departments.forEach((d, i) => channels(d, ["departments", i]));
  channels(board, ["board"]);

  const people = (list: unknown, path: Array<string | number>) =>
    arr(list).forEach((p, i) => {
      if (!obj(p).slack && !obj(p).teams) error([...path, i], w.personId);
    });
  people(window.members, ["window", "members"]);
  departments.forEach((d, i) => people(d.members, ["departments", i, "members"]));
  people(board.members, ["board", "members"]);

  // department codes unique, and not the window's
  const seen = new Set<string>([typeof window.code === "string" ? window.code : "window"]);
  departments.forEach((d, i) => {
    if (typeof d.code !== "string") return;
    if (seen.has(d.code)) error(["departments", i, "code"], w.duplicateCode(d.code));
    seen.add(d.code);
  });

  // a department's field codes name fields the form offers
  const fields = new Set(arr(org.fields).map((f) => obj(f).code));
  departments.forEach((d, i) =>
    arr(d.fields).forEach((f, j) => {
      if (typeof f === "string" && !fields.has(f)) error(["departments", i, "fields", j], w.unknownField(f));
    }),
  );

  if (typeof board.quorum === "number") {
    const members = arr(board.members).length;
    if (board.quorum < 1) error(["board", "quorum"], w.quorumTooSmall);
    else if (board.quorum > members) error(["board", "quorum"], w.quorumTooLarge(board.quorum, members));
  }

  if (env.PUBLIC_DESK && !window.contact) error(["window", "contact"], w.noContact);
  return issues;
}

/** Reads and checks an org file; a file that is not YAML or JSON is one problem at the root. */
export function checkOrgFile(path: string, env: Pick<Env, "PUBLIC_DESK" | "MICROSOFT_APP_ID" | "TEAMS_EMULATOR">, w: CliWords["check"]): ConfigIssue[] {
  const text = readFileSync(path, "utf8");
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return [{ level: "error", path: "(file)", message: w.parse((e as Error).message) }];
  }
  return checkOrg(raw, env, w);
}
