/** Text from outside through both renderers: escaped for mrkdwn and Adaptive Card Markdown; only the bot's marks format. */
import { describe, expect, it } from "vitest";
import { pagedMessage } from "../../src/app/kernel/paging";
import { wellFormed } from "../../src/app/kernel/text";
import { messages } from "../../src/i18n";
import { testOrg } from "../helpers/org";
import { bold, mention, type ChatMessage } from "../../src/ports/chat";
import { mrkdwn, toBlocks } from "../../src/platforms/slack/blocks";
import { cardMarkdown, toCard, type MentionEntity } from "../../src/platforms/teams/cards";

const ZWSP = "\u200B";

describe("Slack mrkdwn", () => {
  it("keeps outside text as typed: no channel mention, no link, no bold from *特別*; a lone _ in an address is left alone", () => {
    expect(mrkdwn("<!channel> 至急 & <https://evil|here>")).toBe("&lt;!channel&gt; 至急 &amp; &lt;https://evil|here&gt;");
    const starred = mrkdwn("*特別* 提案");
    expect(starred).not.toContain("*特別*");
    expect(starred.replaceAll(ZWSP, "")).toBe("*特別* 提案");
    expect(mrkdwn("_斜体_ ~取消~ `code`").replaceAll(ZWSP, "")).toBe("_斜体_ ~取消~ `code`");
    expect(mrkdwn("_斜体_")).not.toContain("_斜体_");
    expect(mrkdwn("taro_yamada@example.jp")).toBe("taro_yamada@example.jp");
  });

  it("formats only the bot's own marks: bold, and mentions by Slack id; a typed mention token is text", () => {
    expect(mrkdwn(`${bold("件名")} 本文`)).toBe("*件名* 本文");
    // a lone * beside a bold mark could pair with it: kept apart
    expect(mrkdwn(`${bold("件名")} 5*3`)).toContain(`${ZWSP}*${ZWSP}`);
    expect(mrkdwn(`担当: ${mention({ platform: "slack", userId: "U0ABC" })}`)).toBe("担当: <@U0ABC>");
    expect(mrkdwn(mention({ teams: "aad-1", name: "委員1" }))).toBe("@委員1");
    expect(mrkdwn("<@U0ABC> <!here>")).toBe("&lt;@U0ABC&gt; &lt;!here&gt;");
  });
});

describe("Adaptive Card Markdown", () => {
  it("escapes everything Markdown reads as markup in outside text", () => {
    const entities: MentionEntity[] = [];
    expect(cardMarkdown("*特別* **太字** [link](https://evil) <at>委員1</at>", entities)).toBe(
      "\\*特別\\* \\*\\*太字\\*\\* \\[link\\]\\(https://evil\\) \\<at\\>委員1\\</at\\>",
    );
    expect(cardMarkdown("1. 項目\n- 箇条\n# 見出し", entities)).toBe("1\\. 項目\n\\- 箇条\n\\# 見出し");
    // setext headings, rules and indented code are text too
    expect(cardMarkdown("見出し\n===\n本文\n---\n\n    コード", entities)).toBe("見出し\n\\===\n本文\n\\---\n\n\u00A0\u00A0\u00A0\u00A0コード");
    expect(entities).toEqual([]);
  });

  it("bold is Markdown's **; a person with an Azure AD id is a real mention with its entity, others by name", () => {
    const entities: MentionEntity[] = [];
    const text = cardMarkdown(`${bold("審査")} ${mention({ teams: "aad-m1", name: "委員1" })} ${mention({ slack: "U0M2", name: "委員2" })}`, entities);
    expect(text).toBe("**審査** <at>委員1</at> @委員2");
    expect(entities).toEqual([{ type: "mention", text: "<at>委員1</at>", mentioned: { id: "aad-m1", name: "委員1" } }]);
    const card = toCard({ text: "x", blocks: [{ type: "text", text: `${mention({ teams: "aad-m1", name: "委員1" })}` }] });
    expect((card.msteams as { entities: MentionEntity[] }).entities).toHaveLength(1);
  });
});

describe("the bot's marks cannot be forged", () => {
  it("the edges refuse text holding the noncharacters the marks are made of", () => {
    expect(wellFormed({ title: bold("偽") })).toBe(false);
    expect(wellFormed({ title: mention({ slack: "U0WIN" }) })).toBe(false);
    expect(wellFormed({ title: "普通の件名 😀\n\t二行目\r\n" })).toBe(true);
    // control characters: nothing a person types, six bytes each in a card's JSON
    expect(wellFormed({ title: "\u0001".repeat(300) })).toBe(false);
  });
});

describe("lists that grow", () => {
  const t = messages("ja", testOrg());
  const lines = Array.from({ length: 60 }, (_, i) => `• A-${String(i + 1).padStart(4, "0")} ${"長い協定名".repeat(60)} — 有効 / 教育委員会`);
  const page = (n: number): ChatMessage => pagedMessage(t, t.agreement.listHeader, lines, n, (p) => `agreements ${p}`, t.agreement.none);

  it("show a page, say how many more and how to see them, and stay under Slack's and Teams' limits", () => {
    const first = page(1);
    const text = JSON.stringify(first);
    expect(text).toContain("60 件中 1〜20 件目");
    expect(text).toContain("ほか 40 件（続きは「agreements 2」）");
    expect(text).toContain("A-0020");
    expect(text).not.toContain("A-0021");
    const blocks = toBlocks(first);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    // each long line was cut, and says so
    expect(text).toContain("…");
    expect(Buffer.byteLength(JSON.stringify(toCard(first)))).toBeLessThan(28_000);
    const last = JSON.stringify(page(3));
    expect(last).toContain("A-0060");
    expect(last).not.toContain("ほか");
    expect(JSON.stringify(page(99))).toContain("A-0060");
  });
});
