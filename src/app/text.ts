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
