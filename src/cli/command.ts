/**
 * One command of the CLI: its name, options (with types), arguments, an example, and what it does. Help
 * is generated from these entries and the words in src/i18n/cli.ts: an option without words (or words
 * without an option) fails to compile.
 */
import type { Env } from "../config/env";
import type { Core } from "../core";
import type { Messages } from "../i18n";
import type { CliWords, CommandName } from "../i18n/cli";

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** text written as it is (a calendar's CRLF line ends kept); defaults to `out` */
  raw?: (s: string) => void;
}

/** Opens the core (database migrated, org config loaded), optionally on another clock. */
export type CoreFor = (clock?: { now(): Date }) => Promise<Core>;

/** A wrong command line: exit code 2 with a pointer to the command's help. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: "string" | "boolean";
}

type OptionKey<N extends CommandName> = keyof CliWords["commands"][N]["options"] & string;

export interface RunContext<N extends CommandName> {
  env: Env;
  io: CliIo;
  /** the CLI's words in the configured language */
  t: CliWords;
  /** every word of the bot (a few are shared: a file's encoding, …) */
  m: Messages;
  str(option: OptionKey<N>): string | undefined;
  flag(option: OptionKey<N>): boolean;
  args: string[];
  /** the core, closed by the runner whatever happens */
  open(clock?: { now(): Date }): Promise<Core>;
}

export interface Command<N extends CommandName = CommandName> {
  name: N;
  options: { [K in OptionKey<N>]: OptionSpec };
  /** how many positional arguments it takes (their names are in the words: `args`) */
  args?: number;
  /** a command line that works, without `npm run cli --` */
  example: string;
  run(c: RunContext<N>): Promise<number>;
}

export function command<N extends CommandName>(c: Command<N>): Command<N> {
  return c;
}

export type AnyCommand = { [N in CommandName]: Command<N> }[CommandName];
