/**
 * Dates as offices write them in their lists: 和暦 (平成17年8月31日, H17.8.31, R6.4.1, 令和元年5月1日),
 * Western (2024/4/1, 2024-04-01, 2024年4月1日), full-width digits (Ｒ６．４．１), and the cells of a
 * spreadsheet (a Date, or Excel's serial number). The words are in src/i18n/vocabulary.ts.
 */
import { DATE_MARKS, ERAS, FIRST_YEAR } from "../i18n/vocabulary";

export type OfficeDateProblem =
  | { reason: "format" }
  /** no such day: 2月30日, 13月 */
  | { reason: "impossible" }
  /** before the era began (R1.4.1: 令和 began on 2019-05-01) */
  | { reason: "beforeEra"; era: string; start: string }
  /** after the era ended (H31.5.1: 平成 ended on 2019-04-30) */
  | { reason: "afterEra"; era: string; end: string };

export type OfficeDate = { ok: true; date: string } | ({ ok: false } & OfficeDateProblem);

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;

/** The day before an ISO date (an era's last day is the day before the next one's first). */
function dayBefore(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ERA_NAMES = ERAS.flatMap((e) => [e.name, e.short, e.letter]).map(escape).join("|");
const Y = escape(DATE_MARKS.year);
const M = escape(DATE_MARKS.month);
const D = escape(DATE_MARKS.day);
// 年 月 日 or one separator (. / -) between the parts; the day's 日 optional after 月
const SEP1 = `(?:${Y}|[./-])`;
const SEP2 = `(?:${M}|[./-])`;
const WAREKI = new RegExp(`^(${ERA_NAMES})(${escape(FIRST_YEAR)}|\\d{1,2})${SEP1}(\\d{1,2})${SEP2}(\\d{1,2})(?:${D})?$`, "i");
const WESTERN = new RegExp(`^(\\d{4})${SEP1}(\\d{1,2})${SEP2}(\\d{1,2})(?:${D})?$`);

/** Excel's day 0 (its serial numbers count from 1899-12-30, which absorbs its 1900 leap-year bug). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date of an office list as YYYY-MM-DD, or why it is not one. A Date is read in UTC: a spreadsheet's
 * date cell has no time zone, and exceljs gives it as midnight UTC of that day.
 */
export function parseOfficeDate(value: string | number | Date): OfficeDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: "format" };
    return { ok: true, date: iso(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) };
  }
  if (typeof value === "number") {
    // 1 (1900-01-01) to 2958465 (9999-12-31); a time of day (the fraction) is dropped
    if (!Number.isFinite(value) || value < 1 || value > 2958465) return { ok: false, reason: "format" };
    return { ok: true, date: new Date(EXCEL_EPOCH + Math.floor(value) * 86_400_000).toISOString().slice(0, 10) };
  }
  const s = value.normalize("NFKC").replace(/\s+/g, "");
  const western = WESTERN.exec(s);
  if (western) {
    const [y, m, d] = western.slice(1).map(Number);
    return realDay(y, m, d) ? { ok: true, date: iso(y, m, d) } : { ok: false, reason: "impossible" };
  }
  const wareki = WAREKI.exec(s);
  if (!wareki) return { ok: false, reason: "format" };
  const [, eraText, yearText, monthText, dayText] = wareki;
  const index = ERAS.findIndex((e) => e.name === eraText || e.short === eraText || e.letter.toLowerCase() === eraText.toLowerCase());
  const era = ERAS[index];
  const eraYear = yearText === FIRST_YEAR ? 1 : Number(yearText);
  if (eraYear < 1) return { ok: false, reason: "format" };
  const y = Number(era.start.slice(0, 4)) + eraYear - 1;
  const m = Number(monthText);
  const d = Number(dayText);
  if (!realDay(y, m, d)) return { ok: false, reason: "impossible" };
  const date = iso(y, m, d);
  if (date < era.start) return { ok: false, reason: "beforeEra", era: era.name, start: era.start };
  // ERAS is newest first: the era before it in the list is the one that followed
  const next = ERAS[index - 1];
  if (next && date >= next.start) return { ok: false, reason: "afterEra", era: era.name, end: dayBefore(next.start) };
  return { ok: true, date };
}
