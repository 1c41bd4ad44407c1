/**
 * Japanese the product reads (not says): legal-form suffixes, yes/no words in imported files, kinds of
 * municipality. Plain data that imports nothing, so that src/domain may use it.
 */

/** Legal forms stripped from a company's name to file it once (株式会社 ○○ = ○○ 株式会社 = (株)○○). */
export const LEGAL_FORMS: readonly string[] = [
  "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
  "公益社団法人", "公益財団法人", "特定非営利活動法人", "(株)", "(有)", "(同)",
];

/** Cells of an imported file read as yes / no (after trimming and lower-casing). */
export const YES_WORDS: readonly string[] = ["true", "yes", "1", "はい", "有", "あり"];
export const NO_WORDS: readonly string[] = ["false", "no", "0", "いいえ", "無", "なし", ""];

/** Separators people type between items of a list (ASCII and Japanese commas, spaces). */
export const LIST_SEPARATORS = /[,、，\s]+/u;

/** Kinds of municipality, as the last character of its Japanese name (○○区, ○○市, …). */
/** currency words written after an amount of yen (効果額 typed as "1,200,000円") */
export const YEN_SUFFIX = /(円|yen)$/i;

export const CITY_KINDS = ["区", "市", "町", "村"] as const;
export type CityKind = (typeof CITY_KINDS)[number];

/** The kind of municipality a Japanese name ends with, if it ends with one. */
export function cityKindOf(name: string): CityKind | undefined {
  const last = name.trim().slice(-1);
  return (CITY_KINDS as readonly string[]).includes(last) ? (last as CityKind) : undefined;
}
