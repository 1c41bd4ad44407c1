/** Small things found while reviewing the CLI's doors (issue 20). */
import { describe, expect, it } from "vitest";
import { proposalInputSchema } from "../../src/app/proposals/submit.schema";
import { webWords } from "../../src/platforms/web/words";

const base = { company: { name: "A", contactName: "B", email: "a@b.example" }, summary: "x", pattern: "other", costToCity: false };

describe("small fixes", () => {
  it("an empty title is named once in a 400, not twice", () => {
    for (const title of ["", "   "]) {
      const r = proposalInputSchema.safeParse({ ...base, title });
      expect(r.success).toBe(false);
      expect(r.error!.issues.filter((i) => i.path.join(".") === "title")).toHaveLength(1);
    }
  });

  it("the English desk writes the window's hours in ASCII parentheses, the Japanese one in full-width", () => {
    expect(webWords("en", "the city").hours("weekdays 8:30–17:15")).toBe(" (weekdays 8:30–17:15)");
    expect(webWords("ja", "区").hours("平日")).toBe("（平日）");
  });
});
