/**
 * The lists offices already keep (issue 23): partnership lists and disaster-agreement lists as they are
 * saved, with Japanese headers in their common variants. What a header means, what a ○ cell says, how
 * one cell names several counterparties, what marks an amendment, and what makes two rows the same
 * agreement. The words themselves are in src/i18n/vocabulary.ts.
 */
import { normalizeCompanyName } from "./company";
import {
  AMENDMENT_IN_TITLE,
  AMENDMENT_WORD,
  COUNTERPARTY_SEPARATORS,
  DISASTER_WORD,
  HELP_KIND_HEADERS,
  LIST_HEADERS,
  MARKED,
  YES_WORDS,
} from "../i18n/vocabulary";

export type ListField = keyof typeof LIST_HEADERS;
export type HelpKind = keyof typeof HELP_KIND_HEADERS;
export const HELP_KINDS = Object.keys(HELP_KIND_HEADERS) as HelpKind[];

/** What a row of a list becomes: a partnership (an Agreement) or a disaster agreement (a DisasterRecord). */
export type ListKind = "partnership" | "disaster";

export type ColumnMeaning = { field: ListField } | { help: HelpKind } | { unknown: true };

export interface ListColumns {
  /** each column of the header, by position */
  columns: Array<{ header: string; meaning: ColumnMeaning }>;
  /** headers with no meaning here: reported, and their cells kept with the record */
  unknown: string[];
  /** whether the list has ○ columns of kinds of help (a disaster-agreement list) */
  hasHelpColumns: boolean;
}

/** A header as it is compared: NFKC (full-width letters and digits), without spaces, line breaks or a trailing colon. */
export function headerKey(header: string): string {
  return header.normalize("NFKC").replace(/\s+/g, "").replace(/:$/, "").toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, ColumnMeaning>();
for (const [field, names] of Object.entries(LIST_HEADERS)) for (const n of names) FIELD_BY_HEADER.set(headerKey(n), { field: field as ListField });
for (const [help, names] of Object.entries(HELP_KIND_HEADERS)) for (const n of names) FIELD_BY_HEADER.set(headerKey(n), { help: help as HelpKind });

/** The meaning of each column of a header row. A field named twice keeps its first column; the second is unknown. */
export function mapHeaders(header: string[]): ListColumns {
  const seen = new Set<string>();
  const columns = header.map((h) => {
    const meaning = FIELD_BY_HEADER.get(headerKey(h));
    const id = meaning && ("field" in meaning ? meaning.field : "help" in meaning ? `help:${meaning.help}` : "");
    if (!meaning || !h.trim() || seen.has(id!)) return { header: h, meaning: { unknown: true } as ColumnMeaning };
    seen.add(id!);
    return { header: h, meaning };
  });
  return {
    columns,
    unknown: columns.filter((c) => "unknown" in c.meaning && c.header.trim()).map((c) => c.header.trim()),
    hasHelpColumns: columns.some((c) => "help" in c.meaning),
  };
}

/** How many headers of a row are known: the header row is the first with two (a list often has a title row above it). */
export function knownHeaders(row: string[]): number {
  return row.filter((h) => h.trim() && FIELD_BY_HEADER.has(headerKey(h))).length;
}

/** A ○ cell: ○ 〇 ◯ ● ◎ ✓, or a yes word (はい, 有, 1 …). An empty cell or × is no. */
export function isMarked(cell: string): boolean {
  const s = cell.normalize("NFKC").trim();
  return s !== "" && (MARKED.test(s) || YES_WORDS.includes(s.toLowerCase()));
}

/** Every counterparty one cell names, in order (see COUNTERPARTY_SEPARATORS for what separates them). */
export function splitCounterparties(cell: string): string[] {
  return cell
    .split(COUNTERPARTY_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether a row amends an agreement already listed: the mark in its title, or the word in its notes. */
export function isAmendment(title: string, notes: string): boolean {
  return AMENDMENT_IN_TITLE.test(title) || AMENDMENT_WORD.test(notes);
}

/** The title without its amendment mark: what names the agreement the amendment belongs to. */
export function baseTitle(title: string): string {
  return title.replace(AMENDMENT_IN_TITLE, "").trim();
}

/**
 * The rule for a row's kind: the command line's --kind decides for the whole file; else a list with ○
 * columns of kinds of help is a disaster-agreement list; else a row whose title says 災害 is one; every
 * other row is a partnership.
 */
export function listKindOf(title: string, opts: { forced?: ListKind; hasHelpColumns: boolean }): ListKind {
  if (opts.forced) return opts.forced;
  if (opts.hasHelpColumns || DISASTER_WORD.test(title)) return "disaster";
  return "partnership";
}

/**
 * What makes two rows the same agreement, before hashing: its kind, its title (NFKC, no spaces, no
 * amendment mark) and its first counterparty (normalised as the company directory files it). The
 * concluded date is added for the import key, so that a later agreement of the same name is another.
 */
export function agreementIdentity(kind: ListKind, title: string, counterparty: string): string {
  return JSON.stringify([kind, baseTitle(title).normalize("NFKC").replace(/\s+/g, ""), normalizeCompanyName(counterparty)]);
}
