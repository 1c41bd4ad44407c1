/**
 * The command line for the office and for external schedulers (`npm run cli -- <command>`): a table of
 * commands (./table.ts), each in its own file under ./commands. Works on a fresh database (migrations
 * are applied first). Exit codes: 0 done or a plan shown, 1 failed or problems found, 2 a wrong command line.
 */
import { parseArgs } from "node:util";
import { ConfigError, parseEnv } from "../config/env";
import { buildCore, type Core } from "../core";
import { loadOrg, resolveOrgPath } from "../config/org";
import { messages, NO_PLACE, type PlaceConfig } from "../i18n";
import type { CliWords, CommandName } from "../i18n/cli";
import { createLogger } from "../logger";
import { UsageError, type CliIo, type Command, type CoreFor, type OptionSpec, type RunContext } from "./command";
import { commandHelp, fullHelp } from "./help";
import { COMMANDS } from "./table";

export type { CliIo } from "./command";

type AnyCmd = Command<CommandName>;

/** The command named by the first words of argv (two-word names first), and how many words it took. */
function lookup(argv: string[]): AnyCmd | undefined {
  const words = argv.slice(0, 2).filter((a) => !a.startsWith("-"));
  return COMMANDS.find((c) => c.name === words.join(" ")) ?? COMMANDS.find((c) => c.name === words[0]);
}

/** parseArgs says what is wrong in English: the same, in the configured language. */
function optionError(e: Error & { code?: string }, t: CliWords): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return t.unknownOption(option);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // a string option at the end or followed by another option, or a flag given a value (--yes=1)
      return /does not take an argument/.test(e.message) ? t.noValue(option) : t.missingValue(option);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return t.extraArgument(/'([^']*)'/.exec(e.message)?.[1] ?? "");
    default:
      return e.message;
  }
}

const defaultCore = (env: ReturnType<typeof parseEnv>): CoreFor => (clock) =>
  buildCore(env, createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL, process.stderr), { clock });

/** Runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, env = parseEnv(process.env), coreFor: CoreFor = defaultCore(env)): Promise<number> {
  // every word in the configured language (LOCALE)
  // the words name the configured city; a broken org config is for `config check` to report, not to stop help
  let org: PlaceConfig = NO_PLACE;
  try {
    org = loadOrg(resolveOrgPath(env.ORG_CONFIG));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
  }
  const m = messages(env.LOCALE, org);
  const t = m.cli;
  if (argv.length === 0) {
    io.out(fullHelp(COMMANDS, t));
    return 2;
  }
  if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    const rest = argv.slice(1).filter((a) => !a.startsWith("-"));
    if (rest.length === 0) {
      io.out(fullHelp(COMMANDS, t));
      return 0;
    }
    const cmd = lookup(rest);
    if (!cmd) {
      io.err(`${t.unknownCommand(rest.join(" "))} ${t.seeHelp("")}`);
      return 2;
    }
    io.out(commandHelp(cmd, t));
    return 0;
  }
  // --tenant <slug>: any command, for that municipality (src/app/tenants); taken out before the command's own options
  let tenant: string | undefined;
  const at = argv.findIndex((a) => a === "--tenant" || a.startsWith("--tenant="));
  if (at >= 0) {
    tenant = argv[at].startsWith("--tenant=") ? argv[at].slice("--tenant=".length) : argv[at + 1];
    argv = [...argv.slice(0, at), ...argv.slice(at + (argv[at].includes("=") ? 1 : 2))];
    if (!tenant || tenant.startsWith("-")) {
      io.err(`${t.missingValue("--tenant")} ${t.seeHelp("")}`);
      return 2;
    }
  }
  const cmd = lookup(argv);
  if (!cmd) {
    io.err(`${t.unknownCommand(argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ") || argv[0])} ${t.seeHelp("")}`);
    return 2;
  }
  const pointer = t.seeHelp(`${cmd.name} `);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv.slice(cmd.name.split(" ").length),
      allowPositionals: true,
      strict: true,
      options: { ...(cmd.options as Record<string, OptionSpec>), help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    io.err(`${optionError(e as Error, t)} ${pointer}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(commandHelp(cmd, t));
    return 0;
  }
  if (positionals.length > (cmd.args ?? 0)) {
    io.err(`${t.extraArgument(positionals[cmd.args ?? 0])} ${pointer}`);
    return 2;
  }
  let core: Core | undefined;
  const ctx: RunContext<CommandName> = {
    env,
    io,
    t,
    m,
    args: positionals,
    str: (o) => values[o] as string | undefined,
    flag: (o) => values[o] === true,
    open: async (clock) => {
      core = await coreFor(clock);
      if (!tenant || tenant === "default") return core;
      const wf = core.municipalities.get(tenant);
      if (!wf) throw new ConfigError(t.tenant.unknown(tenant));
      // the same core seen as that municipality: its workflow, context and store (its rows only)
      return { ...core, workflow: wf, ctx: wf.ctx, store: core.store.forTenant(tenant) };
    },
  };
  try {
    return await cmd.run(ctx as never);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message} ${pointer}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EISDIR" || err.code === "EACCES") {
      io.err(t.notAFile(String(err.path ?? positionals[0])));
      return 1;
    }
    if (err.code === "ENOENT") {
      io.err(t.fileNotFound(String(err.path)));
      return 1;
    }
    throw e;
  } finally {
    await core?.dispatcher.idle();
    await core?.store.close();
  }
}
