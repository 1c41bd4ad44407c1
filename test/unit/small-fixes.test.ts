/** Small things found while reviewing the CLI's doors (issue 20). */
import { describe, expect, it } from "vitest";
import { proposalInputSchema, proposalInputSchemaFor } from "../../src/app/proposals/submit.schema";
import { explain, reasonOfMessage, words } from "../../src/i18n";
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

  it("a one-line field (names, titles) refuses every line end and every mark that reorders text, and only those", () => {
    const refused = ["\r", "\n", "\u0085", "\u2028", "\u2029", "\u200E", "\u200F", "\u061C", "\u202A", "\u202E", "\u2066", "\u2069", "\u009B"];
    for (const c of refused) {
      for (const at of ["title", "name", "contactName"]) {
        const input = at === "title" ? { ...base, title: `件名${c}続き` } : { ...base, title: "t", company: { ...base.company, [at]: `株式会社${c}テスト` } };
        const r = proposalInputSchema.safeParse(input);
        expect(r.success, `${at} ${JSON.stringify(c)}`).toBe(false);
        expect(r.error!.issues.map((i) => i.message), `${at} ${JSON.stringify(c)}`).toContain("schema.oneLine");
      }
    }
    // what people do type in names stays allowed: a zero-width space (dropped when names are compared), a tab-free space, ・, ＆
    for (const title of ["株式会社\u200Bテスト", "みなと・テック ＆ Co.", "A\u00A0B"]) expect(proposalInputSchema.safeParse({ ...base, title }).success, JSON.stringify(title)).toBe(true);
    // the summary is several lines and keeps them
    expect(proposalInputSchema.safeParse({ ...base, title: "t", summary: "一行目\n二行目\u2028" }).success).toBe(true);
  });

  it("only the organisation's field codes are accepted (a code of 50 characters is not a field)", () => {
    const schema = proposalInputSchemaFor({}, ["education", "health"]);
    expect(schema.safeParse({ ...base, title: "t", fields: ["education", "health"] }).success).toBe(true);
    const r = schema.safeParse({ ...base, title: "t", fields: ["education", "x".repeat(50)] });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toMatchObject([{ path: ["fields", 1], message: `schema.unknownField ${JSON.stringify(["x".repeat(50)])}` }]);
    // worded in both languages
    const t = words("ja", testOrg());
    expect(explain(t, reasonOfMessage(r.error!.issues[0].message))).toContain("は選べません");
    expect(explain(words("en", testOrg()), reasonOfMessage(r.error!.issues[0].message))).toContain("is not one of the fields offered");
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
