/** Issue 13: the rules behind the public desk (calls' deadlines, the stages a company sees). */
import { describe, expect, it } from "vitest";
import { checkDeadline, closesAt, formatChallengeNumber, isOpen, parseChallengeNumber } from "../../src/domain/challenge";
import { PROPOSAL_STATUSES, PUBLIC_STAGES, publicStage } from "../../src/domain/proposal";
import { newStatusToken, statusTokenHash } from "../../src/app/public-desk/status";
import { partnershipsCsv } from "../../src/app/public-desk/register";


describe("calls for proposals", () => {
  it("close at the end of the deadline day in Tokyo", () => {
    expect(closesAt("2027-03-31").toISOString()).toBe("2027-03-31T15:00:00.000Z");
    const open = { state: "open" as const, closesAt: closesAt("2027-03-31") };
    expect(isOpen(open, new Date("2027-03-31T14:59:59Z"))).toBe(true); // 23:59:59 in Tokyo
    expect(isOpen(open, new Date("2027-03-31T15:00:00Z"))).toBe(false);
    expect(isOpen({ ...open, state: "closed" }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
  });

  it("take a deadline of today (Tokyo) or later, never a past one or a non-date", () => {
    const now = new Date("2027-03-31T16:00:00Z"); // 1 April, 01:00 in Tokyo
    expect(() => checkDeadline("2027-04-01", now)).not.toThrow();
    expect(() => checkDeadline("2027-03-31", now)).toThrow("challenge.deadlinePast");
    expect(() => checkDeadline("2027-02-30", now)).toThrow("challenge.deadlineFormat");
    expect(() => checkDeadline("tomorrow", now)).toThrow("challenge.deadlineFormat");
  });

  it("are numbered C-0001", () => {
    expect(formatChallengeNumber(7)).toBe("C-0007");
    expect(parseChallengeNumber("c-7")).toBe(7);
    expect(parseChallengeNumber("P-0001")).toBeNull();
  });
});

describe("what a company sees of its proposal", () => {
  it("every internal state maps to one of the five public stages, in order", () => {
    expect(PROPOSAL_STATUSES.map((s) => [s, publicStage(s)])).toEqual([
      ["routing", "received"],
      ["needs_routing", "received"],
      ["taken", "with_department"],
      ["in_review", "board_review"],
      ["changes_requested", "with_department"],
      ["approved", "decided"],
      ["rejected", "decided"],
      ["concluded", "concluded"],
      ["withdrawn", "decided"],
    ]);
    expect(PUBLIC_STAGES).toEqual(["received", "with_department", "board_review", "decided", "concluded"]);
  });

  it("the status link's token is long and random, and only its hash is kept", () => {
    const a = newStatusToken();
    const b = newStatusToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(statusTokenHash(a.token));
    expect(a.hash).not.toContain(a.token);
  });
});

describe("the partnership register's CSV", () => {
  it("keeps formula-like cells as text and quotes what needs it", () => {
    const csv = partnershipsCsv(
      [{ number: "A-0001", company: "=HYPERLINK(\"http://x\")", corporateNumber: null, title: "改行\nあり, カンマ", pattern: "other", department: "env", startDate: "2027-04-01", endDate: null, state: "active", fields: [] }],
      () => "環境課",
      (p) => ({ other: "その他の連携" })[p] ?? p,
    );
    const [header, ...rest] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe("number,company,corporate_number,title,pattern,pattern_name,department_code,department,start_date,end_date,state,origin");
    expect(rest.join("\r\n")).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(rest.join("\r\n")).toContain(`"改行\nあり, カンマ"`);
    expect(csv.startsWith("\uFEFF")).toBe(true);
  });
});
