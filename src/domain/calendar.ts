/**
 * Dates in the city's calendar (Asia/Tokyo, UTC+9, no daylight saving): business days exclude weekends,
 * national holidays (@holiday-jp/holiday_jp) and the city's closed days (年末年始 by default).
 */
import holidayJp from "@holiday-jp/holiday_jp";

// The library keys its table by "YYYY-MM-DD"; a Set avoids its linear scan on every lookup.
const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(holidayJp.holidays));

const JST_OFFSET_MS = 9 * 3600 * 1000;

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The Tokyo calendar date of an instant. */
export function tokyoDate(at: Date): IsoDate {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of hh:mm on a Tokyo calendar date. */
export function tokyoTime(date: IsoDate, hour: number, minute = 0): Date {
  const utc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute);
  return new Date(utc - JST_OFFSET_MS);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months, clamping to the month's last day (1/31 + 1 month = 2/28 or 2/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(day, last))).toISOString().slice(0, 10);
}

export interface ClosedDays {
  /** "MM-DD" days the city offices are closed every year (年末年始: 12-29 … 01-03). */
  yearly: readonly string[];
}

export const DEFAULT_CLOSED_DAYS: ClosedDays = { yearly: ["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"] };

export class BusinessCalendar {
  constructor(private readonly closed: ClosedDays = DEFAULT_CLOSED_DAYS) {}

  isBusinessDay(date: IsoDate): boolean {
    const d = new Date(`${date}T00:00:00Z`);
    const dow = d.getUTCDay();
    if (dow === 0 || dow === 6) return false;
    if (this.closed.yearly.includes(date.slice(5))) return false;
    return !HOLIDAYS.has(date);
  }

  /** The date itself if it is a business day, else the nearest business day before it. */
  onOrBefore(date: IsoDate): IsoDate {
    let d = date;
    while (!this.isBusinessDay(d)) d = addDays(d, -1);
    return d;
  }

  /** The date n business days after the given date. */
  addBusinessDays(date: IsoDate, n: number): IsoDate {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isBusinessDay(d)) left--;
    }
    return d;
  }
}

/** An instant as Tokyo wall-clock time with its offset: 2027-04-01T09:00:00.000+09:00. */
export function tokyoIso(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().replace("Z", "+09:00");
}
