import { describe, expect, it } from "vitest";
import { COMMAND_LIST, commandsOn, helpEntries, helpText } from "../../src/app/help";
import { isOperation } from "../../src/app/permissions";
import { messages } from "../../src/i18n";
import { testOrg } from "../helpers/org";

const org = testOrg();

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

describe("the chat command table", () => {
  it("every command has a row in the permission table, and words are unique", () => {
    for (const c of COMMAND_LIST) expect(isOperation(c.operation), c.word).toBe(true);
    expect(new Set(COMMAND_LIST.map((c) => c.word)).size).toBe(COMMAND_LIST.length);
  });

  it("help is generated from the table: every command listed on the platform, in each language", () => {
    for (const platform of ["slack", "teams"] as const) {
      const ja = helpEntries(messages("ja", org), platform);
      const en = helpEntries(messages("en", org), platform);
      expect(ja.map((e) => e.command)).toEqual(commandsOn(platform).map((c) => c.word));
      for (const e of ja) expect(e.description).toMatch(JAPANESE);
      for (const e of en) expect(`${e.args ?? ""} ${e.description}`).not.toMatch(JAPANESE);
    }
    messages("ja", org);
    // binding is a Teams chat's: Slack's help does not offer it
    expect(commandsOn("slack").map((c) => c.word)).not.toContain("bind");
    expect(commandsOn("teams").map((c) => c.word)).toContain("bind");
    expect(helpText(helpEntries(messages("en", org), "slack"), "/partner ")).toContain("/partner company <name> — ");
    messages("ja", org);
  });
});
