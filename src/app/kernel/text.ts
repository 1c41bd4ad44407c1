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

export function wellFormed(value: unknown): boolean {
  return malformation(value) === null;
}

const codePoint = (s: string, re: RegExp) => `U+${s.match(re)![0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a string is refused, in words an integrator can act on, or null when it is fine. */
function causeIn(s: string): string | null {
  if (!s.isWellFormed()) return "a lone UTF-16 surrogate (a character cut in half)";
  if (CONTROL.test(s)) return `a control character (${codePoint(s, CONTROL)})`;
  if (NONCHARACTERS.test(s)) return `a Unicode noncharacter (${codePoint(s, NONCHARACTERS)})`;
  return null;
}

/**
 * The first thing in `value` that the edges refuse, with where it is (a JSON path such as
 * `fields.title`, `(key)` for a property name) and its real cause; null when there is none.
 */
export function malformation(value: unknown, path = "", depth = 0): { path: string; cause: string } | null {
  if (typeof value === "string") {
    const cause = causeIn(value);
    return cause ? { path: path || "(body)", cause } : null;
  }
  if (value === null || typeof value !== "object" || depth > 32) return null;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const here = path ? `${path}.${k}` : k;
    if (!Array.isArray(value)) {
      const cause = causeIn(k);
      if (cause) return { path: `${path || "(body)"} (a property name)`, cause };
    }
    const found = malformation(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/** "title: a control character (U+0007)": a refusal that names its cause. */
export function malformationText(found: { path: string; cause: string }): string {
  return `${found.path}: ${found.cause}`;
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
