/**
 * For each door: is it open, does it work, and if not the fix in one line. Reads and asks, changes
 * nothing (the database is opened read-only, never created or migrated). Exit 0 when every open door works.
 */
import { LogLevel, WebClient } from "@slack/web-api";
import { checkOrgFile, isExampleOrg } from "../../config/check";
import { allowedTenants, ConfigError, slackEnabled, slackOAuth, teamsMode, type Env } from "../../config/env";
import { loadOrg, resolveOrgPath } from "../../config/org";
import { databaseStatus, describeDatabase } from "../../db/status";
import type { CliWords } from "../../i18n/cli";
import { slackClientOptions } from "../../platforms/slack/client";
import { slackFailure } from "../../platforms/slack/failure";
import { command } from "../command";
import { smtpGreeting } from "../probes";

/** each network check gives up after this long */
const TIME_LIMIT_MS = 5_000;

interface Door {
  name: string;
  /** shut: off by configuration, nothing to check */
  state: "works" | "broken" | "shut";
  detail: string;
  /** one line: what to do (also shown for a door that works with a warning) */
  fix?: string;
}

export default command({
  name: "doctor",
  options: {},
  example: "doctor",
  async run(c) {
    const w = c.t.doctor;
    const doors = [await database(c.env, w), org(c.env, c.t), await slack(c.env, w), teams(c.env, w), intake(c.env, w), desk(c.env, w), await smtp(c.env, w)];
    for (const d of doors) {
      c.io.out(`${d.state === "works" ? w.ok : d.state === "shut" ? w.shut : w.broken}\t${d.name}\t${d.detail}`);
      if (d.fix) c.io.out(w.fix(d.fix));
    }
    const broken = doors.filter((d) => d.state === "broken").length;
    c.io.out(broken ? w.summaryBroken(broken) : w.summaryOk);
    return broken ? 1 : 0;
  },
});

type W = CliWords["doctor"];

async function database(env: Env, w: W): Promise<Door> {
  const where = describeDatabase(env.DATABASE_URL);
  try {
    const s = await databaseStatus(env.DATABASE_URL, TIME_LIMIT_MS);
    if (!s.exists) return { name: w.database, state: "broken", detail: w.dbMissing(where), fix: w.dbMissingFix };
    if (s.pending.length) return { name: w.database, state: "broken", detail: w.dbPending(where, s.pending.join(", ")), fix: w.dbPendingFix };
    return { name: w.database, state: "works", detail: w.dbOk(where) };
  } catch (e) {
    return { name: w.database, state: "broken", detail: w.dbFailed(where, (e as Error).message), fix: w.dbFailedFix };
  }
}

function org(env: Env, t: CliWords): Door {
  const w = t.doctor;
  let path: string;
  try {
    path = resolveOrgPath(env.ORG_CONFIG);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { name: w.org, state: "broken", detail: e.message };
  }
  const issues = checkOrgFile(path, env, t.check);
  const errors = issues.filter((i) => i.level === "error").length;
  if (errors) return { name: w.org, state: "broken", detail: w.orgProblems(path, errors, issues.length - errors), fix: w.orgFix(path) };
  // the example works, but it is nobody's organisation: said, not failed (a laptop tries the bot on it)
  if (isExampleOrg(path)) return { name: w.org, state: "works", detail: w.orgExample(path), fix: w.orgExampleFix };
  if (issues.length) return { name: w.org, state: "works", detail: w.orgProblems(path, 0, issues.length), fix: w.orgFix(path) };
  return { name: w.org, state: "works", detail: w.orgOk(path) };
}

async function slack(env: Env, w: W): Promise<Door> {
  if (!slackEnabled(env)) return { name: w.slack, state: "shut", detail: w.slackShut };
  // OAuth mode: no one token to check; each workspace's is checked when it is used
  if (slackOAuth(env)) return { name: w.slack, state: "works", detail: w.slackOAuth };
  // the bot's own client settings (API URL, one try), with a shorter time limit; its failure is said below, not logged
  const client = new WebClient(env.SLACK_BOT_TOKEN, { ...slackClientOptions(env), timeout: TIME_LIMIT_MS, logLevel: LogLevel.ERROR });
  try {
    const r = await client.auth.test();
    return { name: w.slack, state: "works", detail: w.slackOk(String(r.team ?? r.team_id ?? "?"), String(r.user ?? r.user_id ?? "?")) };
  } catch (e) {
    const f = slackFailure(e);
    if (f.kind === "token") return { name: w.slack, state: "broken", detail: w.slackToken(f.error), fix: w.slackTokenFix };
    if (f.kind === "network") return { name: w.slack, state: "broken", detail: w.slackNetwork(f.message === "timeout" ? w.timeout(TIME_LIMIT_MS) : f.message), fix: w.slackNetworkFix(proxyHost()) };
    if (f.kind === "http") return { name: w.slack, state: "broken", detail: w.slackHttp(f.status), fix: w.slackHttpFix };
    return { name: w.slack, state: "broken", detail: w.slackToken(f.message), fix: w.slackTokenFix };
  }
}

/** the outbound proxy by its host only (its URL may hold a password) */
function proxyHost(): string | undefined {
  const p = process.env.HTTPS_PROXY ?? process.env.https_proxy;
  if (!p) return undefined;
  try {
    return new URL(p).host;
  } catch {
    return "?";
  }
}

function teams(env: Env, w: W): Door {
  const mode = teamsMode(env);
  if (mode === "off") return { name: w.teams, state: "shut", detail: w.teamsShut };
  if (mode === "emulator") return { name: w.teams, state: "works", detail: w.teamsEmulator, fix: w.teamsEmulatorFix };
  // a type without the settings it needs stops parseEnv already: here they are consistent
  return { name: w.teams, state: "works", detail: w.teamsOn(env.MICROSOFT_APP_ID!, env.MICROSOFT_APP_TYPE, allowedTenants(env).join(", ") || "-") };
}

function intake(env: Env, w: W): Door {
  // never the token itself, nor a part of it
  return env.INTAKE_API_TOKEN ? { name: w.intake, state: "works", detail: w.intakeOpen } : { name: w.intake, state: "shut", detail: w.intakeShut };
}

function desk(env: Env, w: W): Door {
  if (!env.PUBLIC_DESK) return { name: w.desk, state: "shut", detail: w.deskShut };
  if (!env.PUBLIC_BASE_URL) return { name: w.desk, state: "broken", detail: w.deskNoUrl, fix: w.deskNoUrlFix };
  if (!env.PUBLIC_BASE_URL.startsWith("https://")) return { name: w.desk, state: "broken", detail: w.deskNotHttps(env.PUBLIC_BASE_URL), fix: w.deskNotHttpsFix };
  let contact = false;
  try {
    // read as config check reads it: a broken file is the org door's problem, not this one's
    contact = Boolean(loadOrg(resolveOrgPath(env.ORG_CONFIG)).window.contact);
  } catch {
    contact = false;
  }
  if (!contact) return { name: w.desk, state: "broken", detail: w.deskNoContact, fix: w.deskNoContactFix };
  return { name: w.desk, state: "works", detail: w.deskOk(env.PUBLIC_BASE_URL) };
}

async function smtp(env: Env, w: W): Promise<Door> {
  if (!env.SMTP_URL) return { name: w.smtp, state: "shut", detail: w.smtpShut };
  const u = new URL(env.SMTP_URL);
  const where = `${u.protocol}//${u.host}`;
  try {
    return { name: w.smtp, state: "works", detail: w.smtpOk(where, await smtpGreeting(env.SMTP_URL, TIME_LIMIT_MS)) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { name: w.smtp, state: "broken", detail: w.smtpFailed(where, err.code === "ETIMEDOUT" ? w.timeout(TIME_LIMIT_MS) : (err.code ?? err.message)), fix: w.smtpFix };
  }
}
