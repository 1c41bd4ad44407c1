/** What every word file shares: the shape English must match, and the place the words speak of. */
import type { CityKind } from "./vocabulary";

export type Locale = "ja" | "en";

/**
 * The English (or any other language's) words for `T`: every string a string, every function the same
 * signature, every group the same keys. A missing or extra key fails to compile.
 */
export type Words<T> = T extends string
  ? T // a plain string (or a union of codes such as Locale, kept as it is)
  : T extends (...args: infer A) => infer R
    ? (...args: A) => R
    : T extends readonly unknown[]
      ? { [I in keyof T]: Words<T[I]> }
      : { [K in keyof T]: Words<T[K]> };

/** The policy's sections the words cite, as the city's own policy numbers them (第6(3)②). */
export const SECTION_KEYS = ["pattern", "agreement", "term", "noRenewal", "followUp", "disaster", "board", "devCost"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** The city the words speak for, from the org config: never assumed to be a ward. */
export interface Place {
  city: { ja: string; en: string; kind: CityKind };
  policy: { ja: string; en: string };
  window: { ja: string; en: string };
  sections: Partial<Record<SectionKey, string>>;
}

/** 「（方針第5(1)）」, or nothing when the config does not number that section. */
export function jaRef(p: Place, key: SectionKey, open = "（", close = "）"): string {
  const s = p.sections[key];
  return s ? `${open}方針${s}${close}` : "";
}

/** " (policy §5(1))", or nothing when the config does not number that section. */
export function enRef(p: Place, key: SectionKey, open = " (", close = ")"): string {
  const s = p.sections[key];
  return s ? `${open}policy §${s.replace(/^第/, "")}${close}` : "";
}

/** The kind of municipality in English; Tokyo's special wards call themselves cities in English. */
export function enKind(p: Place): string {
  return ({ 区: "city", 市: "city", 町: "town", 村: "village" } as const)[p.city.kind];
}
