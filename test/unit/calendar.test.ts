import { describe, expect, it } from "vitest";
import { addMonths, BusinessCalendar, DEFAULT_CLOSED_DAYS, tokyoDate, tokyoTime } from "../../src/domain/calendar";

const cal = new BusinessCalendar(DEFAULT_CLOSED_DAYS);

describe("the city's business days (Asia/Tokyo)", () => {
  it("weekends, national holidays and 年末年始 are not business days", () => {
    expect(cal.isBusinessDay("2027-01-08")).toBe(true); // Friday
    expect(cal.isBusinessDay("2027-01-09")).toBe(false); // Saturday
    expect(cal.isBusinessDay("2027-01-11")).toBe(false); // 成人の日 (Monday holiday)
    expect(cal.isBusinessDay("2027-01-01")).toBe(false); // 元日
    expect(cal.isBusinessDay("2026-12-29")).toBe(false); // 年末年始 (not a national holiday)
    expect(cal.isBusinessDay("2027-01-04")).toBe(true);
  });
  it("a due day that is not a business day moves to the business day before", () => {
    expect(cal.onOrBefore("2027-01-11")).toBe("2027-01-08"); // Monday holiday → Friday
    expect(cal.onOrBefore("2027-01-01")).toBe("2026-12-28"); // 元日 → before 年末年始
    expect(cal.onOrBefore("2027-01-03")).toBe("2026-12-28");
    expect(cal.onOrBefore("2027-03-24")).toBe("2027-03-24");
  });
  it("the closed days are configurable", () => {
    const open = new BusinessCalendar({ yearly: [] });
    expect(open.isBusinessDay("2026-12-29")).toBe(true);
    expect(open.isBusinessDay("2027-01-01")).toBe(false); // still a national holiday
  });
  it("adds business days across a year end", () => {
    expect(cal.addBusinessDays("2026-12-25", 1)).toBe("2026-12-28");
    expect(cal.addBusinessDays("2026-12-28", 1)).toBe("2027-01-04");
  });
});

describe("Tokyo time", () => {
  it("09:00 JST is 00:00 UTC; the date flips at 15:00 UTC", () => {
    expect(tokyoTime("2027-01-01", 9).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(tokyoTime("2027-03-01", 0).toISOString()).toBe("2027-02-28T15:00:00.000Z");
    expect(tokyoDate(new Date("2026-12-31T14:59:59Z"))).toBe("2026-12-31");
    expect(tokyoDate(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01");
  });
  it("adds months, clamping to the last day", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(addMonths("2026-10-15", 3)).toBe("2027-01-15");
  });
});
