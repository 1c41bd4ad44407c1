/**
 * Issue 21: payloads Slack really sends (test/fixtures/slack/, sources in test/fixtures/README.md),
 * signed as Slack signs them, through the real Bolt app on /slack/events against the fake Web API.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, startHarness, type Harness } from "../../helpers/harness";
import { en, ja } from "../../../src/i18n/platform-notes";

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/slack", name), "utf8")) as Record<string, any>;

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe("Slack: an interaction no listener knows", () => {
  it("block_actions on an ephemeral message of an Enterprise Grid workspace (bolt-python's test payload, action id `a`): acknowledged at once, the person told privately through response_url", async () => {
    h = await startHarness();
    const payload = fixture("block-actions-ephemeral-enterprise.json");
    // response_url is the only change: it must reach the fake, not hooks.slack.com
    const responseUrl = `${h.fake.url.replace(/api\/$/, "")}response/recorded-1`;
    const started = Date.now();
    const res = await h.slack.raw(form({ ...payload, response_url: responseUrl }), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    expect(Date.now() - started, "acknowledged, not left to Bolt's 3 s timeout").toBeLessThan(2500);
    await eventually(() => {
      const answer = h!.fake.calls.find((c) => c.method.endsWith("response/recorded-1"));
      expect(answer?.args).toMatchObject({ response_type: "ephemeral", replace_original: false, text: ja.outOfDate });
    });
    // nothing was recorded or changed for a click the bot does not know
    expect(h.fake.of("chat.postMessage")).toHaveLength(0);
  });

  it("without a response_url, the note goes out with chat.postEphemeral (the app's chat:write scope)", async () => {
    h = await startHarness({ locale: "en" });
    const { response_url: _, ...payload } = fixture("block-actions-ephemeral-enterprise.json");
    expect((await h.slack.raw(form(payload), "application/x-www-form-urlencoded")).status).toBe(200);
    await eventually(() => expect(h!.fake.of("chat.postEphemeral")).toEqual([expect.objectContaining({ channel: "C111", user: "W111", text: en.outOfDate })]));
  });
});
