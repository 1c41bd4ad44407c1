import { describe, expect, it } from "vitest";
import { matchDepartments } from "../../src/domain/routing";
import { assertTransition, canTransition, companyBearsDevelopmentCost, needsBoard } from "../../src/domain/proposal";

const depts = [
  { code: "edu", fields: ["education"], keywords: ["学校", "school"] },
  { code: "health", fields: ["health"], keywords: ["がん"] },
  { code: "dx", fields: ["ai"], keywords: ["ＡＩ"] },
];

describe("routing rules", () => {
  it("matches by field", () => {
    expect(matchDepartments({ title: "t", summary: "s", fields: ["health"] }, depts).map((d) => d.code)).toEqual(["health"]);
  });
  it("matches by keyword in title or summary, case and width insensitive", () => {
    expect(matchDepartments({ title: "School visits", summary: "", fields: [] }, depts).map((d) => d.code)).toEqual(["edu"]);
    expect(matchDepartments({ title: "", summary: "AIを使う", fields: [] }, depts).map((d) => d.code)).toEqual(["dx"]);
  });
  it("returns several departments in config order, and none when nothing matches", () => {
    expect(matchDepartments({ title: "学校でのがん教育", summary: "", fields: [] }, depts).map((d) => d.code)).toEqual(["edu", "health"]);
    expect(matchDepartments({ title: "観光", summary: "", fields: ["tourism"] }, depts)).toEqual([]);
  });
});

describe("proposal life", () => {
  it("§5(1) a proposal that costs the city money needs the board", () => {
    expect(needsBoard({ costToCity: true })).toBe(true);
    expect(needsBoard({ costToCity: false })).toBe(false);
  });
  it("§5(2) in a field trial the company bears system development cost", () => {
    expect(companyBearsDevelopmentCost("tech_trial")).toBe(true);
    expect(companyBearsDevelopmentCost("co_hosting")).toBe(false);
  });
  it("allows the workflow's transitions and refuses others", () => {
    expect(canTransition("routing", "taken")).toBe(true);
    expect(canTransition("taken", "in_review")).toBe(true);
    expect(canTransition("in_review", "approved")).toBe(true);
    expect(canTransition("rejected", "concluded")).toBe(false);
    expect(() => assertTransition("concluded", "routing")).toThrow(expect.objectContaining({ reason: "conflicts.proposalIs", params: ["concluded"] }));
  });
});
