/** 企業ディレクトリ: identity rules for companies. */
import { LEGAL_FORMS } from "../i18n/vocabulary";

/** Dashes people type for "-" (full-width, minus, the long-vowel mark of kana input, …). */
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF0D\uFF70]/g;

/** A number as typed (full-width digits, dashes of any kind) in plain ASCII: NFKC, every dash "-". */
export function plainDigits(typed: string): string {
  return typed.normalize("NFKC").replace(DASHES, "-");
}

/** A 法人番号 as typed (7000-01-2050002, full-width) reduced to its digits. */
export function corporateNumberDigits(typed: string): string {
  return plainDigits(typed).replace(/[\s-]/g, "");
}

/**
 * 法人番号 (corporate number): 13 digits, the first is a check digit over the other 12
 * (国税庁「法人番号の指定等に関する省令」: 9 - (Σ Pn×Qn mod 9), n counted from the right, Qn = 1 odd / 2 even).
 */
export function isValidCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  const base = value.slice(1);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return Number(value[0]) === 9 - (sum % 9);
}

const LATIN_SUFFIXES = /\b(co\.?,?\s*ltd\.?|inc\.?|corp(oration)?\.?|ltd\.?|llc|k\.?k\.?|co\.?)$/i;

/**
 * A key under which one company is kept once, whatever way its name was typed. Characters that show
 * nothing (zero-width spaces and joiners, bidi marks, variation selectors: Unicode's default-ignorable
 * code points) are dropped, so 株式会社\u200bテスト is 株式会社テスト, not another company.
 */
export function normalizeCompanyName(name: string): string {
  let s = name.normalize("NFKC").replace(/\p{Default_Ignorable_Code_Point}/gu, "").trim();
  for (const form of LEGAL_FORMS) s = s.split(form).join("");
  // \u30FB is ・, the katakana middle dot people put between the parts of a name
  s = s.replace(/[,.\s\u30FB]+$/u, "");
  let prev = "";
  while (prev !== s) {
    prev = s;
    s = s.replace(LATIN_SUFFIXES, "").replace(/[,.\s]+$/u, "");
  }
  return s.replace(/[\s\u3000\u30FB,.'’"]/gu, "").toLowerCase();
}
