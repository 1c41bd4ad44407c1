/** Small things found while reviewing the CLI's doors (issue 20). */
import { describe, expect, it } from "vitest";
import { proposalInputSchema } from "../../src/app/proposals/submit.schema";
import { words } from "../../src/i18n";
import { testOrg } from "../helpers/org";

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
    expect(words("en", testOrg()).aside("weekdays 8:30–17:15")).toBe(" (weekdays 8:30–17:15)");
    expect(words("ja", testOrg()).aside("平日")).toBe("（平日）");
  });
});

describe("the start-up line of the intake API", () => {
  it("survives the log's token mask: it says the door is open, not '[redacted]'", async () => {
    const { doors } = await import("../../src/bootstrap");
    const { parseEnv } = await import("../../src/config/env");
    const { mask } = await import("../../src/logger");
    const line = mask(doors(parseEnv({ INTAKE_API_TOKEN: "0123456789abcdef" }))["/api/proposals, /api/agreements"]);
    expect(line).toMatch(/^open: .*INTAKE_API_TOKEN/);
    expect(line).not.toContain("[redacted]");
    expect(line).not.toContain("0123456789abcdef");
  });
});
