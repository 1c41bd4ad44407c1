/** 年度: April to March in Tokyo time. Which year a moment falls in, and the window its figures cover. */
import type { YearWindow } from "../../ports/reports";

const TOKYO_MS = 9 * 3_600_000;

/** The fiscal year (年度) of an instant: 2027-04-01 00:00 JST to 2028-03-31 24:00 JST is 2027. */
export function fiscalYearOf(at: Date): number {
  const t = new Date(at.getTime() + TOKYO_MS);
  return t.getUTCMonth() >= 3 ? t.getUTCFullYear() : t.getUTCFullYear() - 1;
}

/** 1 April 00:00 in Tokyo of a fiscal year. */
export function fiscalYearStart(fy: number): Date {
  return new Date(Date.UTC(fy, 3, 1) - TOKYO_MS);
}

const tokyoDay = (d: Date) => new Date(d.getTime() + TOKYO_MS).toISOString().slice(0, 10);

/** The same instant `months` calendar months earlier (the day clamped to the month's last). */
function monthsBefore(at: Date, months: number): Date {
  const t = new Date(at.getTime() + TOKYO_MS);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() - months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const moved = Date.UTC(y, m, Math.min(t.getUTCDate(), last), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), t.getUTCMilliseconds());
  return new Date(moved - TOKYO_MS);
}

/** How many years of cumulative partner companies a report shows. */
export const PARTNER_YEARS = 5;

/** The window of a fiscal year's figures, taken at `now` (the year's end once it is over). */
export function yearWindow(fiscalYear: number, now: Date): YearWindow {
  const from = fiscalYearStart(fiscalYear);
  const to = fiscalYearStart(fiscalYear + 1);
  const asOf = now.getTime() < to.getTime() ? (now.getTime() < from.getTime() ? from : now) : to;
  return {
    fiscalYear,
    from,
    to,
    asOf,
    asOfDay: tokyoDay(new Date(asOf.getTime() - 1)),
    staleBefore: monthsBefore(asOf, 6),
    partnerYears: Array.from({ length: PARTNER_YEARS }, (_, i) => fiscalYear - PARTNER_YEARS + 1 + i),
  };
}
