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

/**
 * The Japanese eras an office list writes dates in (和暦), newest first, with the Gregorian day each began
 * (an era ends the day before the next one begins). Names, one-letter abbreviations (R6.4.1) and the
 * one-character forms (令6.4.1); ㋿ and ㍻ become 令和 and 平成 under NFKC before they are looked up.
 */
export const ERAS: ReadonlyArray<{ name: string; letter: string; short: string; start: string }> = [
  { name: "令和", letter: "R", short: "令", start: "2019-05-01" },
  { name: "平成", letter: "H", short: "平", start: "1989-01-08" },
  { name: "昭和", letter: "S", short: "昭", start: "1926-12-25" },
  { name: "大正", letter: "T", short: "大", start: "1912-07-30" },
];

/** 元年: the first year of an era, written as a word rather than 1. */
export const FIRST_YEAR = "元";

/** The marks after a year, a month and a day (2024年4月1日). */
export const DATE_MARKS = { year: "年", month: "月", day: "日" } as const;

/**
 * The columns an office's partnership or disaster-agreement list uses, by what they hold, each with the
 * headers offices and prefectures' open data give it (compared after NFKC, without spaces or line breaks).
 */
export const LIST_HEADERS = {
  title: ["協定名称", "協定の名称", "協定名", "名称", "協定等の名称", "協定件名", "件名"],
  counterparty: ["協定締結先", "協定相手方", "協定の相手方", "締結先", "相手方", "締結相手", "協定先", "相手先", "事業者名", "団体名", "企業名", "締結団体"],
  concludedOn: ["締結日", "締結年月日", "協定締結日", "協定日", "締結年月"],
  department: ["所管課", "担当課", "所管部署", "担当部署", "所管", "所管課名", "担当課名", "所管部局", "担当部局"],
  endDate: ["有効期限", "終了日", "期間満了日", "協定期間満了日", "有効期間満了日", "期限"],
  municipality: ["市町村名", "市区町村名", "自治体名", "市町村"],
  summary: ["協定概要", "概要", "内容", "協定内容", "協定の概要", "主な内容"],
  corporateNumber: ["法人番号"],
  notes: ["備考", "摘要", "特記事項"],
  companyContact: ["相手方担当者", "先方担当者", "相手方連絡先", "先方連絡先"],
  cityContact: ["市担当者", "市の担当者", "本市担当者"],
  serial: ["番号", "No", "No.", "通番", "連番"],
} as const;

/**
 * The ○ columns of kinds of help that prefectures publish with their disaster agreements, by the code
 * stored in helpKinds.
 */
export const HELP_KIND_HEADERS = {
  goods: ["物資", "物資供給", "物資の供給", "食料", "生活物資", "飲料水"],
  staff: ["人員", "人員派遣", "応援要員", "人的支援"],
  transport: ["輸送", "物資輸送", "緊急輸送", "運送"],
  medical: ["医療", "医療救護", "救護"],
  shelter: ["避難所", "避難場所", "施設提供", "一時避難", "施設の提供"],
  publicity: ["広報", "情報発信", "放送", "情報提供"],
  recovery: ["応急復旧", "復旧", "応急対策"],
  fuel: ["燃料", "燃料供給"],
  equipment: ["資機材", "機材", "資材"],
  other: ["その他"],
} as const;

/** A cell of a ○ column that means yes (○, 〇, ◯, ●, ◎), besides the yes words above. */
export const MARKED = /^[○〇◯●◎✓✔]$/u;

/** A row that amends an agreement already listed: (改正) / （変更） in its title, 改正 or 変更 in its notes. */
export const AMENDMENT_IN_TITLE = /\s*[（(][^（()）]*(改正|変更)[^（()）]*[）)]\s*/u;
export const AMENDMENT_WORD = /改正|変更/u;

/** A title that names a disaster agreement (災害時における…, 災害時応援協定). */
export const DISASTER_WORD = /災害/u;

/**
 * What separates several counterparties named in one cell: Japanese and ASCII commas, slashes and line
 * breaks. Not ・, which company names hold (アイ・エス・ビー), and not spaces (株式会社 みなと).
 */
export const COUNTERPARTY_SEPARATORS = /[、，,／/\r\n]+/u;
