/** Text from outside (APIs, chat payloads): checks that every edge applies before anything is stored. */

/**
 * False when any string inside `value` holds a lone UTF-16 surrogate (half of an emoji, say): such text
 * cannot be stored or shown, so the edges refuse it with 400 before any use case runs.
 */
export function wellFormed(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.isWellFormed();
  if (value === null || typeof value !== "object" || depth > 32) return true;
  if (Array.isArray(value)) return value.every((v) => wellFormed(v, depth + 1));
  return Object.entries(value).every(([k, v]) => k.isWellFormed() && wellFormed(v, depth + 1));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** markup that must stay whole: an HTML entity (&amp;) or a Slack token (<@U123>, <!here>, <https://…|…>) */
const ATOM = /&[a-z]+;|&#\d+;|<[^<>]*>/g;

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
