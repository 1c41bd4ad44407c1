import { describe, expect, it } from "vitest";
import { isValidCorporateNumber, normalizeCompanyName } from "../../src/domain/company";

describe("法人番号 check digit", () => {
  it("accepts real numbers (国税庁 7000012050002, 内閣府 2000012010019)", () => {
    expect(isValidCorporateNumber("7000012050002")).toBe(true);
    expect(isValidCorporateNumber("2000012010019")).toBe(true);
  });
  it("refuses a wrong check digit, wrong length or non-digits", () => {
    expect(isValidCorporateNumber("8000012050002")).toBe(false);
    expect(isValidCorporateNumber("700001205000")).toBe(false);
    expect(isValidCorporateNumber("70000120500021")).toBe(false);
    expect(isValidCorporateNumber("７000012050002")).toBe(false);
  });
});

describe("company name normalisation", () => {
  it("ignores legal form, position, width and spacing", () => {
    const key = normalizeCompanyName("株式会社みなとテック");
    expect(normalizeCompanyName("みなとテック株式会社")).toBe(key);
    expect(normalizeCompanyName("（株）みなとテック")).toBe(key);
    expect(normalizeCompanyName(" 株式会社　みなとテック ")).toBe(key);
  });
  it("ignores Latin suffixes and case", () => {
    expect(normalizeCompanyName("Minato Tech Co., Ltd.")).toBe(normalizeCompanyName("MINATO TECH"));
    expect(normalizeCompanyName("Minato Tech Inc.")).toBe("minatotech");
  });
  it("drops characters that show nothing (zero-width spaces and joiners, bidi marks, BOM, variation selectors)", () => {
    const key = normalizeCompanyName("株式会社テスト");
    for (const hidden of ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u200E", "\u200F", "\u061C", "\u00AD", "\uFE0F"]) {
      expect(normalizeCompanyName(`株式会社テ${hidden}スト`), JSON.stringify(hidden)).toBe(key);
      expect(normalizeCompanyName(`${hidden}株式会社テスト${hidden}`), JSON.stringify(hidden)).toBe(key);
    }
  });
  it("keeps different companies apart", () => {
    expect(normalizeCompanyName("みなとテック")).not.toBe(normalizeCompanyName("みなとテクノ"));
  });
});
