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
import { decodeOfficeText, UnreadableText } from "./app/kernel/text";
import { buildCore, type Core } from "./core";
import { copyToPostgres } from "./db/client";
import { CopyRefused } from "./db/copy";
import { addDays, isIsoDate, tokyoIso, tokyoTime } from "./domain/calendar";
import { messages } from "./i18n";
import { createLogger } from "./logger";
import { createSlackPort } from "./platforms/slack/client";


export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** text written as it is (a calendar's CRLF line ends kept); defaults to `out` */
  raw?: (s: string) => void;
}

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { now: { type: "string" }, format: { type: "string" }, out: { type: "string" }, from: { type: "string" }, to: { type: "string" }, "fiscal-year": { type: "string" }, department: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}

/** Runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, env = parseEnv(process.env), coreFor = (clock?: { now(): Date }) => buildCore(env, createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, process.stderr), { clock })): Promise<number> {
  // every word in the configured language (LOCALE)
  const t = messages(env.LOCALE).cli;
  const rt = messages(env.LOCALE).reports.cli;
  const USAGE = `${t.usage}\n${rt.usage}`;
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    // an unknown option or one without its value: what parseArgs says, then the usage in our language
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [group, verb, arg] = positionals;
  if (values.help || !group) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  let core: Core | undefined;
  try {
    if (group === "db" && verb === "copy") {
      if (!values.to) throw new UsageError(t.needTarget);
      try {
        const report = await copyToPostgres(env.DATABASE_URL, values.to);
        for (const t of report.tables) io.out(`${t.table}\t${t.rows}`);
        io.out(t.copied(report.tables.reduce((n, x) => n + x.rows, 0), report.tables.length));
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
        if (Number.isNaN(now.getTime())) throw new UsageError(t.badNow(values.now));
      }
      // the sweep runs "as if at" --now; time goes on from there, so the channels' pace can pass
      const started = Date.now();
      core = await coreFor({ now: () => new Date(now.getTime() + Date.now() - started) });
      if (slackEnabled(env)) core.dispatcher.register(createSlackPort(env), env.SLACK_CHANNEL_PACE_MS);
      else io.err(t.slackOff);
      const report = await core.workflow.runSweep(now);
      if (report.busy) {
        io.out(t.sweepBusy);
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
      // each reminder named by what it is about (協定 A-0001「…」), not by its internal key
      const label = (i: (typeof report.items)[number]) => core!.workflow.reminderSubject(i.subjectType, i.subject);
      for (const i of queued) io.out([states.get(i.reminder) === "sent" ? t.sent : t.pending, t.kinds[i.kind] ?? i.kind, await label(i), ...(i.late ? [t.late] : [])].join("\t"));
      if (report.roundsClosed) io.out(t.roundsClosed(report.roundsClosed));
      const failed = report.items.filter((i) => i.outcome === "failed");
      for (const i of failed) io.err([t.failed, t.kinds[i.kind] ?? i.kind, await label(i)].join("\t"));
      io.out(
        t.sweepSummary(
          queued.filter((i) => states.get(i.reminder) === "sent").length,
          queued.filter((i) => states.get(i.reminder) !== "sent").length,
          report.items.filter((i) => i.outcome === "skipped").length,
          failed.length,
        ),
      );
      return 0;
    }
    if (group === "import" && verb === "agreements") {
      if (!arg) throw new UsageError(t.needFile);
      let csv: string;
      try {
        csv = decodeOfficeText(readFileSync(arg)).text;
      } catch (e) {
        if (!(e instanceof UnreadableText)) throw e;
        io.err(`${arg}: ${messages(env.LOCALE).io.unreadable}`);
        return 1;
      }
      core = await coreFor();
      const res = await core.workflow.importAgreements(csv);
      if (res.problems.length) {
        for (const p of res.problems) io.err(t.problem(arg, p.line, p.field, p.message));
        io.err(t.nothingImported(res.problems.length));
        return 1;
      }
      for (const d of res.duplicates ?? []) io.err(t.duplicate(arg, d.line, d.agreement));
      io.out(t.imported(res.imported, res.duplicates?.length ?? 0));
      return 0;
    }
    if (group === "outbox" && (verb === "list" || verb === "retry")) {
      core = await coreFor();
      if (verb === "retry") {
        io.out(t.retried(await core.store.retryAllNow(new Date())));
        return 0;
      }
      const rows = await core.store.pending(500);
      const lanes = await core.store.laneTimes();
      const now = Date.now();
      for (const m of rows) {
        // the next try is the later of the message's own time and its channel's (pace, Retry-After, backoff)
        const next = Math.max(m.nextAttemptAt.getTime(), lanes.get(`${m.platform}:${m.channel}`)?.getTime() ?? 0);
        io.out([m.platform, m.channel, m.key, t.attempts(m.attempts), t.nextAt(next <= now ? t.due : tokyoIso(new Date(next))), m.lastError ?? ""].join("\t"));
      }
      io.out(t.undelivered(await core.store.pendingCount()));
      return 0;
    }
    if (group === "export" && verb === "audit") {
      const day = (v: string, name: string) => {
        if (!isIsoDate(v)) throw new UsageError(t.badDate(name, v));
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
      if (format !== "csv" && format !== "ics") throw new UsageError(t.badFormat(format));
      core = await coreFor();
      const text = format === "csv" ? await core.workflow.exportAgreementsCsv() : await core.workflow.exportAgreementsIcs();
      if (values.out) writeFileSync(values.out, text);
      else if (io.raw) io.raw(text);
      else io.out(text.replace(/\r?\n$/, ""));
      return 0;
    }
    if (group === "report") {
      const year = Number.parseInt(values["fiscal-year"] ?? "", 10);
      if (!/^\d{4}$/.test(values["fiscal-year"] ?? "") || year < 2000) throw new UsageError(rt.needYear);
      const format = values.format ?? "xlsx";
      if (format !== "xlsx" && format !== "csv") throw new UsageError(rt.needFormat);
      if (format === "xlsx" && !values.out) throw new UsageError(rt.needOut);
      core = await coreFor();
      const { reportCsv, reportXlsx } = await import("./app/reports/files");
      const report = await core.workflow.reports.year(year, { department: values.department ?? null });
      if (format === "xlsx") {
        writeFileSync(values.out!, await reportXlsx(report));
        io.out(rt.written(values.out!));
      } else if (values.out) {
        writeFileSync(values.out, reportCsv(report));
        io.out(rt.written(values.out));
      } else if (io.raw) io.raw(reportCsv(report));
      else io.out(reportCsv(report).replace(/\r?\n$/, ""));
      return 0;
    }
    throw new UsageError(t.unknownCommand(positionals.join(" ")));
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === "EISDIR" || (e as NodeJS.ErrnoException).code === "EACCES") {
      io.err(t.notAFile(String((e as NodeJS.ErrnoException).path ?? arg)));
      return 1;
    }
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      io.err(t.fileNotFound(String((e as NodeJS.ErrnoException).path)));
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
