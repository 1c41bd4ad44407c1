import { describe, expect, it } from "vitest";
import { parseOfficeDate } from "../../src/domain/wareki";

const ok = (v: string | number | Date) => parseOfficeDate(v);

describe("dates as offices write them (和暦 and Western)", () => {
  it.each([
    ["平成17年8月31日", "2005-08-31"],
    ["H17.8.31", "2005-08-31"],
    ["h17.8.31", "2005-08-31"],
    ["R6.4.1", "2024-04-01"],
    ["令和6年4月1日", "2024-04-01"],
    ["令和元年5月1日", "2019-05-01"],
    ["令6.4.1", "2024-04-01"],
    ["Ｒ６．４．１", "2024-04-01"],
    ["令和６年４月１日", "2024-04-01"],
    ["㋿6年4月1日", "2024-04-01"],
    ["㍻17年8月31日", "2005-08-31"],
    ["昭和64年1月7日", "1989-01-07"],
    ["S50.10.1", "1975-10-01"],
    ["大正15年12月24日", "1926-12-24"],
    ["平成31年4月30日", "2019-04-30"],
    ["平成 17 年 8 月 31 日", "2005-08-31"],
    ["2024/4/1", "2024-04-01"],
    ["2024-04-01", "2024-04-01"],
    ["2024年4月1日", "2024-04-01"],
    ["２０２４年４月１日", "2024-04-01"],
    ["2024.4.1", "2024-04-01"],
    ["2024/2/29", "2024-02-29"],
    ["H1.1.8", "1989-01-08"],
  ])("%s → %s", (text, iso) => {
    expect(ok(text)).toEqual({ ok: true, date: iso });
  });

  it("reads a spreadsheet's date cell (midnight UTC, as exceljs gives it) and Excel's serial numbers", () => {
    expect(ok(new Date(Date.UTC(2005, 7, 31)))).toEqual({ ok: true, date: "2005-08-31" });
    expect(ok(45383)).toEqual({ ok: true, date: "2024-04-01" });
    expect(ok(45383.75)).toEqual({ ok: true, date: "2024-04-01" });
    expect(ok(61)).toEqual({ ok: true, date: "1900-03-01" });
    expect(ok(0).ok).toBe(false);
    expect(ok(Number.NaN).ok).toBe(false);
    expect(ok(new Date(Number.NaN)).ok).toBe(false);
  });

  it("names why a date is impossible: before its era began, after it ended, no such day", () => {
    expect(ok("R1.4.1")).toEqual({ ok: false, reason: "beforeEra", era: "令和", start: "2019-05-01" });
    expect(ok("令和元年4月30日")).toEqual({ ok: false, reason: "beforeEra", era: "令和", start: "2019-05-01" });
    expect(ok("H1.1.7")).toEqual({ ok: false, reason: "beforeEra", era: "平成", start: "1989-01-08" });
    expect(ok("H31.5.1")).toEqual({ ok: false, reason: "afterEra", era: "平成", end: "2019-04-30" });
    expect(ok("平成32年4月1日")).toEqual({ ok: false, reason: "afterEra", era: "平成", end: "2019-04-30" });
    expect(ok("昭和64年1月8日")).toEqual({ ok: false, reason: "afterEra", era: "昭和", end: "1989-01-07" });
    expect(ok("R6.2.30")).toEqual({ ok: false, reason: "impossible" });
    expect(ok("2023/2/29")).toEqual({ ok: false, reason: "impossible" });
    expect(ok("2024/13/1")).toEqual({ ok: false, reason: "impossible" });
    expect(ok("R0.4.1")).toEqual({ ok: false, reason: "format" });
  });

  it("refuses what is not a date rather than guessing", () => {
    for (const v of ["", "未定", "令和6年4月", "X6.4.1", "24/4/1", "2024/4/1 10:00", "平成十七年八月三十一日"]) expect(ok(v).ok, v).toBe(false);
  });
});
