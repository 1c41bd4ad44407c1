import { describe, expect, it } from "vitest";
import { shorten, wellFormed } from "../../src/app/kernel/text";

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
});
