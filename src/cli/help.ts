/** Help, generated from the table of commands and their words. */
import type { CliWords } from "../i18n/cli";
import type { Command, OptionSpec } from "./command";
import type { CommandName } from "../i18n/cli";

type AnyCmd = Command<CommandName>;

/** columns a terminal gives a text: wide (CJK, full-width) characters take two */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return n;
}

function optionsOf(cmd: AnyCmd): Array<[string, OptionSpec]> {
  return Object.entries(cmd.options as Record<string, OptionSpec>);
}

/** `import agreements <file.csv> [--dry-run] [--yes]` */
export function synopsis(cmd: AnyCmd, t: CliWords): string {
  const words = t.commands[cmd.name];
  const opts = words.options as Record<string, { value?: string; text: string }>;
  const parts = [cmd.name as string];
  if ("args" in words && words.args) parts.push(words.args);
  for (const [name, spec] of optionsOf(cmd)) parts.push(spec.type === "string" ? `[--${name} <${opts[name].value ?? ""}>]` : `[--${name}]`);
  return parts.join(" ");
}

export function commandHelp(cmd: AnyCmd, t: CliWords, indent = ""): string {
  const words = t.commands[cmd.name];
  const opts = words.options as Record<string, { value?: string; text: string }>;
  const flags = [...optionsOf(cmd).map(([name, spec]) => [spec.type === "string" ? `--${name} <${opts[name].value ?? ""}>` : `--${name}`, opts[name].text]), ["--help", t.help.helpOption]];
  const column = Math.max(...flags.map(([f]) => width(f)));
  return [
    `${indent}${synopsis(cmd, t)}`,
    `${indent}    ${words.summary}`,
    ...flags.map(([f, text]) => `${indent}    ${f}${" ".repeat(column - width(f))}  ${text}`),
    `${indent}    ${t.help.example} npm run cli -- ${cmd.example}`,
  ].join("\n");
}

export function fullHelp(commands: AnyCmd[], t: CliWords): string {
  return [t.help.usage, "", t.help.commands, ...commands.map((c) => `${commandHelp(c, t, "  ")}\n`), ...t.help.rules, t.help.more].join("\n");
}
