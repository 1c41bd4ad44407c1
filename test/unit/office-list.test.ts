import { describe, expect, it } from "vitest";
import { agreementIdentity, baseTitle, isAmendment, isMarked, knownHeaders, listKindOf, mapHeaders, splitCounterparties } from "../../src/domain/office-list";

describe("the headers of the lists offices keep", () => {
  it("maps the common variants of each header, full-width and with line breaks, and names the unknown ones", () => {
    const cols = mapHeaders(["No.", "協定の名称", "協定相手方", "締結\n年月日", "担当課", "期間満了日", "市町村名", "内容", "法人番号", "物資", "医療救護", "避難所", "広報", "連絡担当", "ＦＡＸ"]);
    const fields = cols.columns.map((c) => ("field" in c.meaning ? c.meaning.field : "help" in c.meaning ? `help:${c.meaning.help}` : "?"));
    expect(fields).toEqual(["serial", "title", "counterparty", "concludedOn", "department", "endDate", "municipality", "summary", "corporateNumber", "help:goods", "help:medical", "help:shelter", "help:publicity", "?", "?"]);
    expect(cols.unknown).toEqual(["連絡担当", "ＦＡＸ"]);
    expect(cols.hasHelpColumns).toBe(true);
  });

  it.each([
    [["協定名称", "協定締結先", "締結日", "所管課", "有効期限", "協定概要"]],
    [["協定名", "締結先", "締結年月日", "所管部署", "終了日", "概要"]],
    [["協定の名称", "相手方", "協定締結日", "担当課", "期間満了日", "内容"]],
  ])("%j: every header known", (header) => {
    const cols = mapHeaders(header);
    expect(cols.unknown).toEqual([]);
    expect(cols.hasHelpColumns).toBe(false);
    expect(knownHeaders(header)).toBe(6);
  });

  it("a field named twice keeps its first column; the second is unknown, never dropped", () => {
    const cols = mapHeaders(["協定名称", "協定名", "締結先"]);
    expect(cols.unknown).toEqual(["協定名"]);
  });

  it("a title row above the header is not a header", () => {
    expect(knownHeaders(["災害時応援協定一覧", "", ""])).toBe(0);
  });
});

describe("cells", () => {
  it("a ○ column's marks", () => {
    for (const v of ["○", "〇", "◯", "●", "◎", " ○ ", "はい", "有"]) expect(isMarked(v), v).toBe(true);
    for (const v of ["", "×", "-", "なし", "△"]) expect(isMarked(v), v).toBe(false);
  });

  it("several counterparties in one cell, separated by 、，,／/ or line breaks; ・ and spaces stay inside a name", () => {
    expect(splitCounterparties("株式会社みなと運輸、みなと建設株式会社")).toEqual(["株式会社みなと運輸", "みなと建設株式会社"]);
    expect(splitCounterparties("Ａ社，Ｂ社／C社/D社\nE社, F社")).toEqual(["Ａ社", "Ｂ社", "C社", "D社", "E社", "F社"]);
    expect(splitCounterparties("株式会社アイ・エス・ビー")).toEqual(["株式会社アイ・エス・ビー"]);
    expect(splitCounterparties("一般社団法人 みなと医師会")).toEqual(["一般社団法人 みなと医師会"]);
    expect(splitCounterparties(" 、 ")).toEqual([]);
  });

  it("amendments: (改正)/（変更） in the title or the word in the notes; the title without it names the agreement", () => {
    expect(isAmendment("災害時における物資供給に関する協定（改正）", "")).toBe(true);
    expect(isAmendment("災害時における物資供給に関する協定(一部変更)", "")).toBe(true);
    expect(isAmendment("災害時における物資供給に関する協定", "令和6年改正")).toBe(true);
    expect(isAmendment("災害時における物資供給に関する協定", "")).toBe(false);
    expect(baseTitle("災害時における物資供給に関する協定（改正）")).toBe("災害時における物資供給に関する協定");
    expect(agreementIdentity("disaster", "物資の協定（改正）", "株式会社みなと")).toBe(agreementIdentity("disaster", "物資の協定", "みなと株式会社"));
    expect(agreementIdentity("disaster", "物資の協定", "みなと")).not.toBe(agreementIdentity("partnership", "物資の協定", "みなと"));
  });

  it("the kind: --kind, else ○ help columns, else 災害 in the title", () => {
    expect(listKindOf("包括連携協定", { hasHelpColumns: false })).toBe("partnership");
    expect(listKindOf("包括連携協定", { hasHelpColumns: true })).toBe("disaster");
    expect(listKindOf("災害時における物資供給に関する協定", { hasHelpColumns: false })).toBe("disaster");
    expect(listKindOf("災害時における物資供給に関する協定", { hasHelpColumns: false, forced: "partnership" })).toBe("partnership");
  });
});
