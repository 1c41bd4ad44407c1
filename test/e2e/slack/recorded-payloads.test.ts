/**
 * Issue 21: payloads Slack really sends (test/fixtures/slack/, sources in test/fixtures/README.md),
 * signed as Slack signs them, through the real Bolt app on /slack/events against the fake Web API.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, proposalBody, startHarness, type Harness } from "../../helpers/harness";
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

describe("Slack: other recorded requests", () => {
  it("url_verification (bolt-python's payload) is answered with its challenge", async () => {
    h = await startHarness();
    const payload = fixture("url-verification.json");
    const res = await h.slack.raw(JSON.stringify(payload), "application/json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: payload.challenge });
  });

  it("view_submission of a modal the bot does not know (bolt-python's Enterprise Grid payload): acknowledged at once, nothing changes", async () => {
    h = await startHarness();
    const before = (await h.app.store.read.audit.listBetween(null, null, 0, 1000)).length;
    const started = Date.now();
    const res = await h.slack.raw(form(fixture("view-submission-enterprise.json")), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await res.text()).toBe("");
    expect(await h.app.store.read.audit.listBetween(null, null, 0, 1000)).toHaveLength(before);
    expect(await h.app.store.read.proposals.listOpen(10)).toEqual([]);
  });
});

describe("Slack: a recorded click from another organisation's workspace", () => {
  it("block_actions from a user whose team (T111) is not the installation's (T0CITY) is refused in the department's channel and audited", async () => {
    h = await startHarness();
    const res = await h.api("POST", "/api/proposals", proposalBody({ title: "学校の見守り", fields: ["education"] }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id)).find((r) => r.departmentCode === "school-education")!;
    const recorded = fixture("block-actions-ephemeral-enterprise.json");
    // identifiers changed so the click lands on our button in the department's channel (see test/fixtures/README.md)
    const payload = {
      ...recorded,
      container: { ...recorded.container, channel_id: "C0EDU", is_ephemeral: false },
      channel: { ...recorded.channel, id: "C0EDU" },
      response_url: `${h.fake.url.replace(/api\/$/, "")}response/recorded-2`,
      actions: [{ ...recorded.actions[0], action_id: "proposal.take", value: routing.id }],
    };
    expect((await h.slack.raw(form(payload), "application/x-www-form-urlencoded")).status).toBe(200);
    await eventually(async () => {
      const refused = (await h!.app.store.read.audit.listBetween(null, null, 0, 1000)).filter((e) => e.action === "proposal.take.refused" && e.actor === "slack:W111");
      expect(refused).toHaveLength(1);
      expect(JSON.stringify(refused[0])).toContain("outside the organisation");
    });
    expect((await h.app.store.read.routings.listByProposal(res.json.id)).find((r) => r.id === routing.id)!.state).toBe("pending");
  });
});
