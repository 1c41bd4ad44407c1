/**
 * Lists that grow (agreements, company search, the dashboard) as pages: no reply outgrows a Slack block
 * (3,000 characters), a Slack message (50 blocks) or a Teams message (about 28 KB), and what was left
 * out is said ("n more", and how to see it), never cut silently.
 */
import type { ChatMessage, MessageBlock } from "../../ports/chat";
import type { Messages } from "../../i18n";
import { shorten } from "./text";

export const PAGE_SIZE = 20;
/** one item's line at most: a long title is cut, with "…" */
const LINE_MAX = 280;
/** lines per text block: 10 × 280 stays under Slack's 3,000 characters */
const LINES_PER_BLOCK = 10;

/** Lines as text blocks, each under the platforms' limits. */
export function lineBlocks(lines: string[]): MessageBlock[] {
  const blocks: MessageBlock[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_BLOCK) {
    blocks.push({ type: "text", text: lines.slice(i, i + LINES_PER_BLOCK).map((l) => shorten(l, LINE_MAX)).join("\n") });
  }
  return blocks;
}

/**
 * Page `page` (from 1) of `lines` under `header`; `nextCommand(p)` is what to type for page p. A page past
 * the end shows the last one.
 */
export function pagedMessage(t: Messages, header: string, lines: string[], page: number, nextCommand: (page: number) => string, empty: string): ChatMessage {
  const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const from = (p - 1) * PAGE_SIZE;
  const shown = lines.slice(from, from + PAGE_SIZE);
  const title = lines.length > PAGE_SIZE ? t.page(header, from + 1, from + shown.length, lines.length) : header;
  const blocks: MessageBlock[] = [{ type: "header", text: title }];
  if (shown.length === 0) blocks.push({ type: "text", text: empty });
  blocks.push(...lineBlocks(shown));
  const rest = lines.length - from - shown.length;
  if (rest > 0) blocks.push({ type: "context", text: t.more(rest, nextCommand(p + 1)) });
  return { text: title, blocks };
}

/** At most `max` items; the rest said as "n more". */
export function summarised<T>(t: Messages, items: T[], max: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, max).map(line);
  if (items.length > max) lines.push(t.moreItems(items.length - max));
  return lines;
}
