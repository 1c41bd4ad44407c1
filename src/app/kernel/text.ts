/** Text from outside (APIs, chat payloads): checks that every edge applies before anything is stored. */
import { NONCHARACTERS } from "../../ports/chat";

/**
 * False when any string inside `value` holds a lone UTF-16 surrogate (half of an emoji, say), which
 * cannot be stored or shown, or a Unicode noncharacter, which only the bot's own message marks may hold
 * (bold, mentions), or a control character other than tab and line ends: the edges refuse such text
 * with 400 before any use case runs.
 */
/** control characters other than tab and line ends: nothing a person types, and each costs 6 bytes in JSON */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function wellFormed(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.isWellFormed() && !NONCHARACTERS.test(value) && !CONTROL.test(value);
  if (value === null || typeof value !== "object" || depth > 32) return true;
  if (Array.isArray(value)) return value.every((v) => wellFormed(v, depth + 1));
  return Object.entries(value).every(([k, v]) => k.isWellFormed() && wellFormed(v, depth + 1));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/**
 * markup that must stay whole: an HTML entity (&amp;), a Slack token (<@U123>, <!here>, <https://…|…>) or
 * a neutral mention mark
 */
const ATOM = /&[a-z]+;|&#\d+;|<[^<>]*>|\uFDD2[^\uFDD3]*\uFDD3/g;

/**
 * Shortens text to at most `max` UTF-16 units (what the platforms count), at a grapheme boundary (never
 * inside an emoji or a combined character) and never inside markup (`atoms`), ending with "…" when
 * something was cut.
 */
export function shorten(text: string, max: number, atoms: RegExp | null = ATOM): string {
  if (text.length <= max) return text;
  const units: string[] = [];
  let last = 0;
  const push = (plain: string) => {
    for (const g of graphemes.segment(plain)) units.push(g.segment);
  };
  if (atoms) {
    for (const m of text.matchAll(new RegExp(atoms.source, "g"))) {
      push(text.slice(last, m.index));
      units.push(m[0]);
      last = m.index + m[0].length;
    }
  }
  push(text.slice(last));
  let out = "";
  for (const u of units) {
    if (out.length + u.length > max - 1) break;
    out += u;
  }
  return `${out}…`;
}

/**
 * Text of a file made by Excel or another program: UTF-8 (with or without BOM), else Shift_JIS (CP932,
 * what Excel on Japanese Windows saves), decoded strictly with Node's own decoders. Anything else is
 * refused rather than stored with replacement characters.
 */
export function decodeOfficeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "shift_jis" } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8
  }
  try {
    return { text: new TextDecoder("shift_jis", { fatal: true }).decode(bytes), encoding: "shift_jis" };
  } catch {
    throw new UnreadableText();
  }
}

export class UnreadableText extends Error {
  constructor() {
    super("the file is neither UTF-8 nor Shift_JIS (CP932): save it from Excel as \"CSV UTF-8\" or \"CSV (comma delimited)\"");
  }
}
