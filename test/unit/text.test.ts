import { describe, expect, it } from "vitest";
import { malformation, shorten, wellFormed } from "../../src/app/kernel/text";

describe("shortening text for the platforms", () => {
  it("cuts at grapheme boundaries, never inside an emoji or markup, and says it cut", () => {
    const family = "👨‍👩‍👧‍👦";
    const cut = shorten(`あいう${family}えお`, 6);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut).toBe("あいう…");
    expect(shorten(`${"a".repeat(8)}&amp;b`, 11)).toBe(`${"a".repeat(8)}…`);
    expect(shorten(`${"a".repeat(8)}<@U123>b`, 12)).toBe(`${"a".repeat(8)}…`);
    expect(shorten("短い", 10)).toBe("短い");
    for (let n = 2; n < 30; n++) {
      const s = shorten(`😀x🇯🇵y${family}z`.repeat(3), n);
      expect(s.isWellFormed(), `max ${n}`).toBe(true);
      expect(s.length).toBeLessThanOrEqual(n);
    }
  });
});

describe("well-formed text", () => {
  it("finds a lone surrogate anywhere in a payload, keys included", () => {
    expect(wellFormed({ a: ["ok", { b: "絵文字😀" }] })).toBe(true);
    expect(wellFormed({ a: ["ok", { b: "half\ud83d" }] })).toBe(false);
    expect(wellFormed({ ["k\udc00"]: 1 })).toBe(false);
  });

  it("names the real cause and where it is: a surrogate, a control character, a noncharacter", () => {
    expect(malformation({ a: ["ok", { b: "絵文字😀\tタブ\n改行" }] })).toBeNull();
    expect(malformation({ title: "half\ud83d" })).toEqual({ path: "title", cause: "a lone UTF-16 surrogate (a character cut in half)" });
    expect(malformation({ fields: { title: "bell\u0007" } })).toEqual({ path: "fields.title", cause: "a control character (U+0007)" });
    expect(malformation({ actions: [{ value: "x\u001b[31m" }] })).toEqual({ path: "actions.0.value", cause: "a control character (U+001B)" });
    expect(malformation({ text: "mark\uFDD2" })).toEqual({ path: "text", cause: "a Unicode noncharacter (U+FDD2)" });
    expect(malformation("\u007f")).toEqual({ path: "(body)", cause: "a control character (U+007F)" });
    expect(malformation({ ["k\u0001"]: 1 })?.cause).toBe("a control character (U+0001)");
  });
});
