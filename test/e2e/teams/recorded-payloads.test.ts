/**
 * Issue 21: payloads Teams really sends (test/fixtures/teams/, sources in test/fixtures/README.md),
 * through the real CloudAdapter on /api/messages, against the fake Bot Framework connector.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cardOf } from "../../helpers/fake-connector";
import { proposalBody, startHarness, type Harness } from "../../helpers/harness";
import { HEALTH_TEAMS, mixedOrg } from "../../helpers/org";
import { TENANT } from "../../helpers/teams-client";

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/teams", name), "utf8")) as Record<string, any>;

/** The recorded install names a team and the channel picked at install; here that team owns HEALTH_TEAMS. */
const RECORDED_TENANT = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f";
const RECORDED_TEAM = "19:zFLSDFWsesfzcmKArqKJ-65aOXJz@sgf462H2wz41@thread.tacv2";
const RECORDED_CHANNEL = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2";

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const health = () => proposalBody({ title: "がん検診の受診勧奨アプリ", summary: "健康アプリで検診を勧める", fields: ["health"], pattern: "tech_trial" });

/** Conversations the bot answered in (replies go to /v3/conversations/{id}/activities/{replyToId}). */
const answeredIn = (h: Harness, conversation: string) => h.connector.calls.filter((c) => c.ok && c.method === "POST" && c.conversationId === conversation && c.activityId);

describe("Teams: recorded install payloads (multi-tenant app, tenants by allow-list)", () => {
  for (const file of ["conversation-update-bot-added-to-team.json", "installation-update-add-team.json"]) {
    it(`${file}: a department channel of that team, never spoken in, gets its routing card`, async () => {
      h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TYPE: "MultiTenant", TEAMS_ALLOWED_TENANTS: RECORDED_TENANT } });
      const install = fixture(file);
      expect((await h.teams.recorded(install)).status).toBe(200);
      const team = JSON.parse((await h.app.store.conversations.get(RECORDED_TEAM))!.reference);
      expect(team).toMatchObject({ serviceUrl: h.connector.url, conversation: { id: RECORDED_TEAM, tenantId: RECORDED_TENANT, conversationType: "channel" } });
      expect(await h.app.store.conversations.get(RECORDED_CHANNEL)).not.toBeNull();
      expect(await h.app.store.conversations.get(HEALTH_TEAMS)).toBeNull();

      await h.api("POST", "/api/proposals", health());
      await h.deliver();
      const [card] = h.connector.posted(HEALTH_TEAMS);
      expect(card, "the routing card reached the department's channel").toBeDefined();
      expect(JSON.stringify(cardOf(card))).toContain("がん検診の受診勧奨アプリ");
    });
  }

  it("with several tenants allowed, the install stores a reference for each channel the connector lists for the team", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TYPE: "MultiTenant", TEAMS_ALLOWED_TENANTS: `${RECORDED_TENANT},${TENANT}` } });
    h.connector.teamChannels.set(RECORDED_TEAM, [{ id: RECORDED_TEAM, name: "General" }, { id: RECORDED_CHANNEL, name: "2021 Test Channel" }, { id: HEALTH_TEAMS, name: "保健所" }]);
    expect((await h.teams.recorded(fixture("installation-update-add-team.json"))).status).toBe(200);
    expect(JSON.parse((await h.app.store.conversations.get(HEALTH_TEAMS))!.reference)).toMatchObject({
      serviceUrl: h.connector.url,
      conversation: { id: HEALTH_TEAMS, tenantId: RECORDED_TENANT },
    });
    await h.api("POST", "/api/proposals", health());
    await h.deliver();
    expect(h.connector.posted(HEALTH_TEAMS)).toHaveLength(1);
  });
});

describe("Teams: recorded messages", () => {
  const KATIE_TENANT = "8704bed1-95d8-4bfc-9438-047bb64b2c83";
  it("a personal chat message (an `a:` conversation) and a channel @mention (`;messageid=` thread, text/html attachment, clientInfo) each get an answer in their own conversation", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: KATIE_TENANT } });
    const personal = fixture("message-personal.json");
    const channel = fixture("message-channel-mention.json");
    expect((await h.teams.recorded(personal)).status).toBe(200);
    expect((await h.teams.recorded(channel)).status).toBe(200);
    const personalAnswers = answeredIn(h, personal.conversation.id);
    const channelAnswers = answeredIn(h, channel.conversation.id);
    expect(personalAnswers).toHaveLength(1);
    expect(channelAnswers).toHaveLength(1);
    expect(channelAnswers[0].activityId, "a reply to the mention").toBe(channel.id);
    for (const a of [...personalAnswers, ...channelAnswers]) {
      expect(a.body.type).toBe("message");
      expect(JSON.stringify(a.body)).not.toContain(h.app.workflow.ctx.t.errors.generic);
    }
    // the thread's channel (not the thread) is remembered for proactive messages
    expect(JSON.parse((await h.app.store.conversations.get("19:6b1b66b1617c4946959c334b4d428fc0@thread.tacv2"))!.reference)).toMatchObject({ conversation: { tenantId: KATIE_TENANT } });
  });
});

describe("Teams: message ids are unique within a conversation only", () => {
  it("a personal message and a channel mention with the same id are both answered", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    expect((await h.teams.install(HEALTH_TEAMS)).status).toBe(200);
    const id = "1759944781430";
    expect((await h.teams.personal("aad-health-lead", "help", { id })).status).toBe(200);
    expect((await h.teams.message("aad-health-lead", HEALTH_TEAMS, "help", TENANT, { id })).status).toBe(200);
    expect(answeredIn(h, "a:1personal-aad-health-lead")).toHaveLength(1);
    expect(answeredIn(h, HEALTH_TEAMS)).toHaveLength(1);
    // the same message again (Teams re-sends after 15 s) is still dropped
    expect((await h.teams.message("aad-health-lead", HEALTH_TEAMS, "help", TENANT, { id })).status).toBe(200);
    expect(answeredIn(h, HEALTH_TEAMS)).toHaveLength(1);
  });
});
