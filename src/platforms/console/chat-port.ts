/**
 * A terminal as one more edge: neutral messages printed as plain text, for the local trial (`demo`)
 * before any Slack or Teams is connected. Delete this folder and nothing else changes.
 */
import { unmarked, type ChatMessage, type ChatPort, type Platform } from "../../ports/chat";

/** A message as lines of plain text: header, text, fields as "label: value", buttons as [label]. */
export function plainLines(message: ChatMessage): string[] {
  const lines: string[] = [];
  for (const b of message.blocks) {
    if (b.type === "header") lines.push(`■ ${unmarked(b.text)}`);
    else if (b.type === "text" || b.type === "context") lines.push(...unmarked(b.text).split("\n"));
    else if (b.type === "fields") for (const f of b.fields) lines.push(`  ${unmarked(f.label)}: ${unmarked(f.value).replaceAll("\n", "\n    ")}`);
    else if (b.type === "actions") lines.push(b.actions.map((a) => `[${unmarked(a.label)}]`).join(" "));
  }
  return lines.length ? lines : [unmarked(message.text)];
}

/** Prints what a channel would receive; `name` says whose channel it is. */
export class ConsoleChatPort implements ChatPort {
  private sent = 0;

  constructor(
    readonly platform: Platform,
    private readonly print: (line: string) => void,
    private readonly name: (channel: string) => string,
    private readonly updatedWord: string,
  ) {}

  async post(channel: string, message: ChatMessage, threadRef?: string): Promise<{ ref: string }> {
    const ref = `${this.platform}-${++this.sent}`;
    this.show(channel, message, threadRef ? `↳ ${threadRef}` : ref);
    return { ref };
  }

  async update(channel: string, ref: string, message: ChatMessage): Promise<void> {
    this.show(channel, message, `${ref} ${this.updatedWord}`);
  }

  private show(channel: string, message: ChatMessage, tag: string): void {
    this.print(`  ┌ ${this.platform} ${channel} (${this.name(channel)}) ${tag}`);
    for (const line of plainLines(message).flatMap((l) => l.split("\n"))) this.print(`  │ ${line}`);
    this.print("  └");
  }
}
