import { describe, expect, it } from "vitest";
import { checkTerms, maxEndDate } from "../../src/domain/agreement";

describe("§6(3) agreement terms", () => {
  it("§6(3)② term is at most two years: the last day is the day before the second anniversary", () => {
    expect(maxEndDate("2027-04-01")).toBe("2029-03-31");
    expect(maxEndDate("2027-01-01")).toBe("2028-12-31");
    expect(maxEndDate("2028-02-29")).toBe("2030-02-28");
  });
  it("§6(3)② accepts two years exactly and refuses a day more without an exception reason", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2029-03-31" })).toEqual({ issues: [], needsException: false });
    const over = checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2029-04-01" });
    expect(over.issues[0]).toMatchObject({ path: "endDate" });
    expect(over.issues[0].message).toContain("最長2年");
  });
  it("§6(3)② 'in principle': a longer term with a reason needs the window's approval", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2030-03-31", exceptionReason: "3か年計画" })).toEqual({ issues: [], needsException: true });
  });
  it("the end must be after the start, and dates must exist", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2027-03-31" }).issues[0].message).toContain("開始日より後");
    expect(checkTerms({ kind: "agreement", startDate: "2027-02-30", endDate: "2027-03-31" }).issues[0].path).toBe("startDate");
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01" }).issues[0].path).toBe("endDate");
  });
  it("§6(3)③ never renewed automatically", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2028-03-31", autoRenew: true }).issues[0]).toMatchObject({ path: "autoRenew" });
  });
  it("§6(3) ただし書き: going ahead without an agreement has no end date check", () => {
    expect(checkTerms({ kind: "no_agreement", startDate: "2027-04-01" })).toEqual({ issues: [], needsException: false });
  });
});
