/**
 * The chat commands that exist, where, and under which row of the permission table — the half of the
 * command table that help is generated from (what each does is in commands.ts, keyed by the same words).
 */
import type { Messages } from "../i18n";
import type { Actor } from "../ports/chat";
import { COMMANDS, type Operation } from "./permissions";

export type CommandWord = keyof Messages["commands"]["describe"];

export interface CommandEntry {
  word: CommandWord;
  operation: Operation;
  /** where help lists it, when not everywhere: binding is for Teams chats (Slack channels come from the org config; bind answers so there) */
  listedOn?: readonly Actor["platform"][];
}

/** In the order help lists them. */
export const COMMAND_LIST: readonly CommandEntry[] = [
  { word: "new", operation: COMMANDS.new },
  { word: "company", operation: COMMANDS.company },
  { word: "shared", operation: COMMANDS.shared },
  { word: "agreements", operation: COMMANDS.agreements },
  { word: "template", operation: COMMANDS.template },
  { word: "challenge", operation: COMMANDS.challenge },
  { word: "own", operation: COMMANDS.own },
  { word: "survey", operation: COMMANDS.survey },
  { word: "report", operation: COMMANDS.report },
  { word: "home", operation: COMMANDS.home },
  { word: "bind", operation: COMMANDS.bind, listedOn: ["teams"] },
  { word: "unbind", operation: COMMANDS.unbind, listedOn: ["teams"] },
  { word: "help", operation: COMMANDS.help },
];

/** One line of help: the edges format it (a slash command on Slack, a Markdown list on Teams). */
export interface HelpEntry {
  command: string;
  args?: string;
  description: string;
}

/** The commands help lists on `platform`, in the table's order. */
export function commandsOn(platform: Actor["platform"]): CommandEntry[] {
  return COMMAND_LIST.filter((c) => !c.listedOn || c.listedOn.includes(platform));
}

/** Help, generated from the table: every command of the platform, its arguments and what it does. */
export function helpEntries(t: Messages, platform: Actor["platform"]): HelpEntry[] {
  return commandsOn(platform).map((c) => ({ command: c.word, args: t.commands.args[c.word], description: t.commands.describe[c.word] }));
}

/** Help as plain lines (`/partner new — …`), where it is shown as text (Slack's App Home and slash command). */
export function helpText(entries: readonly HelpEntry[], prefix: string): string {
  return entries.map((e) => `${prefix}${e.command}${e.args ? ` ${e.args}` : ""} — ${e.description}`).join("\n");
}
