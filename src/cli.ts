/**
 * Command line for the office and for external schedulers. Works on a fresh database (migrations are
 * applied first). Usage: npm run cli -- <command>
 *
 *   reminders run [--now <ISO time>]          one reminder sweep as if at that time; prints what it sent
 *   import agreements <file.csv>               imports existing agreements (all rows or none)
 *   export agreements --format csv|ics [--out FILE]
 *   export audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]   the audit trail as CSV (Tokyo dates, both inclusive)
 *   outbox list | outbox retry                 messages not delivered yet (and why); try them all again now
 *   db copy --to <postgresql://…>              copies this SQLite database into an empty PostgreSQL one
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv, slackEnabled } from "./config/env";
import { environmentOrExit } from "./config/dotenv";
import { decodeOfficeText, UnreadableText } from "./app/text";
import { buildCore, type Core } from "./core";
import { copyToPostgres } from "./db/client";
import { CopyRefused } from "./db/copy";
import { addDays, isIsoDate, tokyoIso, tokyoTime } from "./domain/calendar";
import { createLogger } from "./logger";
import { createSlackPort } from "./platforms/slack/client";

const USAGE = `usage:
  npm run cli -- reminders run [--now 2027-03-01T09:00:00+09:00]
  npm run cli -- import agreements <file.csv>
  npm run cli -- export agreements --format csv|ics [--out FILE]
  npm run cli -- export audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]
  npm run cli -- outbox list | outbox retry
  npm run cli -- db copy --to postgresql://user:password@host:5432/db`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** text written as it is (a calendar's CRLF line ends kept); defaults to `out` */
  raw?: (s: string) => void;
}

class UsageError extends Error {}

/** Runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, env = parseEnv(process.env), coreFor = (clock?: { now(): Date }) => buildCore(env, createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, process.stderr), { clock })): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { now: { type: "string" }, format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [group, verb, arg] = positionals;
  if (values.help || !group) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  let core: Core | undefined;
  try {
    if (group === "db" && verb === "copy") {
      if (!values.to) throw new UsageError("db copy: name the target with --to postgresql://…");
      try {
        const report = await copyToPostgres(env.DATABASE_URL, values.to);
        for (const t of report.tables) io.out(`${t.table}\t${t.rows}`);
        io.out(`copied ${report.tables.reduce((n, t) => n + t.rows, 0)} row(s) in ${report.tables.length} table(s); row counts verified`);
        return 0;
      } catch (e) {
        if (e instanceof CopyRefused) {
          io.err(e.message);
          return 1;
        }
        throw e;
      }
    }
    if (group === "reminders" && verb === "run") {
      let now = new Date();
      if (values.now !== undefined) {
        now = new Date(values.now);
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not an ISO date-time: ${values.now}`);
      }
      // the sweep runs "as if at" --now; time goes on from there, so the channels' pace can pass
      const started = Date.now();
      core = await coreFor({ now: () => new Date(now.getTime() + Date.now() - started) });
      if (slackEnabled(env)) core.dispatcher.register(createSlackPort(env), env.SLACK_CHANNEL_PACE_MS);
      else io.err("Slack is off (no SLACK_BOT_TOKEN): reminders are queued and stay pending until the bot runs with Slack on.");
      const report = await core.workflow.runSweep(now);
      if (report.busy) {
        io.out("a reminder sweep is already running in another process: nothing done (run it again later)");
        return 0;
      }
      await core.dispatcher.drain();
      const states = new Map<string, string>();
      for (const item of report.items) {
        if (item.outcome !== "queued") continue;
        const rem = await core.store.read.reminders.get(item.id);
        states.set(item.reminder, rem?.state === "sent" ? "sent" : "pending");
      }
      const queued = report.items.filter((i) => i.outcome === "queued");
      for (const i of queued) io.out(`${states.get(i.reminder)}\t${i.kind}\t${i.reminder}${i.late ? "\tlate" : ""}`);
      if (report.roundsClosed) io.out(`closed\t${report.roundsClosed} review round(s) at their deadline`);
      const failed = report.items.filter((i) => i.outcome === "failed");
      for (const i of failed) io.err(`failed\t${i.kind}\t${i.reminder}`);
      io.out(
        `${queued.filter((i) => states.get(i.reminder) === "sent").length} sent, ${queued.filter((i) => states.get(i.reminder) !== "sent").length} pending, ${report.items.filter((i) => i.outcome === "skipped").length} skipped` +
          (failed.length ? `, ${failed.length} failed` : ""),
      );
      return 0;
    }
    if (group === "import" && verb === "agreements") {
      if (!arg) throw new UsageError("import agreements: name the CSV file");
      let csv: string;
      try {
        csv = decodeOfficeText(readFileSync(arg)).text;
      } catch (e) {
        if (!(e instanceof UnreadableText)) throw e;
        io.err(`${arg}: ${e.message}`);
        return 1;
      }
      core = await coreFor();
      const res = await core.workflow.importAgreements(csv);
      if (res.problems.length) {
        for (const p of res.problems) io.err(`${arg}:${p.line}: ${p.field}: ${p.message}`);
        io.err(`nothing imported: ${res.problems.length} problem(s)`);
        return 1;
      }
      for (const d of res.duplicates ?? []) io.err(`${arg}:${d.line}: already imported as ${d.agreement}: skipped`);
      io.out(`imported ${res.imported} agreement(s)${res.duplicates?.length ? `, ${res.duplicates.length} already there` : ""}`);
      return 0;
    }
    if (group === "outbox" && (verb === "list" || verb === "retry")) {
      core = await coreFor();
      if (verb === "retry") {
        io.out(`${await core.store.retryAllNow(new Date())} message(s) will be tried again when the bot next delivers`);
        return 0;
      }
      const rows = await core.store.pending(500);
      const lanes = await core.store.laneTimes();
      const now = Date.now();
      for (const m of rows) {
        // the next try is the later of the message's own time and its channel's (pace, Retry-After, backoff)
        const next = Math.max(m.nextAttemptAt.getTime(), lanes.get(`${m.platform}:${m.channel}`)?.getTime() ?? 0);
        io.out([m.platform, m.channel, m.key, `attempts=${m.attempts}`, `next=${next <= now ? "due" : tokyoIso(new Date(next))}`, m.lastError ?? ""].join("\t"));
      }
      io.out(`${await core.store.pendingCount()} undelivered message(s)`);
      return 0;
    }
    if (group === "export" && verb === "audit") {
      const day = (v: string, name: string) => {
        if (!isIsoDate(v)) throw new UsageError(`--${name}: a date YYYY-MM-DD, not ${v}`);
        return v;
      };
      // Tokyo calendar days, both ends inclusive
      const from = values.from === undefined ? null : tokyoTime(day(values.from, "from"), 0);
      const to = values.to === undefined ? null : tokyoTime(addDays(day(values.to, "to"), 1), 0);
      core = await coreFor();
      const text = await core.workflow.exportAuditCsv(from, to);
      if (values.out) writeFileSync(values.out, text);
      else io.out(text.replace(/\r?\n$/, ""));
      return 0;
    }
    if (group === "export" && verb === "agreements") {
      const format = values.format ?? "csv";
      if (format !== "csv" && format !== "ics") throw new UsageError(`--format: csv or ics, not ${format}`);
      core = await coreFor();
      const text = format === "csv" ? await core.workflow.exportAgreementsCsv() : await core.workflow.exportAgreementsIcs();
      if (values.out) writeFileSync(values.out, text);
      else if (io.raw) io.raw(text);
      else io.out(text.replace(/\r?\n$/, ""));
      return 0;
    }
    throw new UsageError(`unknown command: ${positionals.join(" ")}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      io.err(`file not found: ${(e as NodeJS.ErrnoException).path}`);
      return 1;
    }
    throw e;
  } finally {
    await core?.dispatcher.idle();
    await core?.store.close();
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isMain) {
  const env = environmentOrExit(2);
  runCli(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s), raw: (s) => process.stdout.write(s) }, env).then(
    (code) => process.exit(code),
    (e) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
