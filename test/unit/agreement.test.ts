import { describe, expect, it } from "vitest";
import { checkTerms, maxEndDate } from "../../src/domain/agreement";
import { explain, words } from "../../src/i18n";
import { testOrg } from "../helpers/org";

const org = testOrg();

describe("§6(3) agreement terms", () => {
  it("§6(3)② term is at most two years: the last day is the day before the second anniversary", () => {
    expect(maxEndDate("2027-04-01")).toBe("2029-03-31");
    expect(maxEndDate("2027-01-01")).toBe("2028-12-31");
    expect(maxEndDate("2028-02-29")).toBe("2030-02-28");
  });
  it("§6(3)② accepts two years exactly and refuses a day more without an exception reason", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2029-03-31" })).toEqual({ issues: [], needsException: false });
    const over = checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2029-04-01" });
    // a code and its params, never a sentence: the edges word it in their reader's language
    expect(over.issues[0]).toEqual({ path: "endDate", reason: "agreement.terms.overTwoYears", params: ["2029-03-31"] });
    expect(explain(words("ja", org), over.issues[0])).toBe("協定期間は原則最長2年です（方針第6(3)②）。2029-03-31 までにするか、例外の理由を記入してください（窓口の承認が必要）");
    expect(explain(words("en", org), over.issues[0])).toContain("at most 2 years in principle (policy §6(3)②). End by 2029-03-31");
    // a city whose config numbers no sections: the words cite none
    const plain = testOrg({ city: { name: { ja: "架空市", en: "Kaku City" }, policy: { ja: "架空市方針", en: "Kaku policy" } } });
    expect(explain(words("ja", plain), over.issues[0])).toBe("協定期間は原則最長2年です。2029-03-31 までにするか、例外の理由を記入してください（窓口の承認が必要）");
  });
  it("§6(3)② 'in principle': a longer term with a reason needs the window's approval", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2030-03-31", exceptionReason: "3か年計画" })).toEqual({ issues: [], needsException: true });
  });
  it("the end must be after the start, and dates must exist", () => {
    expect(checkTerms({ kind: "agreement", startDate: "2027-04-01", endDate: "2027-03-31" }).issues[0].reason).toBe("agreement.terms.endBeforeStart");
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
