/**
 * Issue 5: the same workflow on Microsoft Teams, from the same core. The real botbuilder CloudAdapter
 * receives activities on /api/messages and talks to a fake Bot Framework connector on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardOf, executeActions } from "../../helpers/fake-connector";
import { buttonsOf } from "../../helpers/fake-slack";
import { messageWithButton, press, proposal } from "../../helpers/flows";
import { eventually, proposalBody, startHarness, TestClock, type Harness } from "../../helpers/harness";
import { BOARD_TEAMS, HEALTH_TEAMS, mixedOrg } from "../../helpers/org";
import { FakeOpenId } from "../../helpers/fake-openid";
import { TENANT } from "../../helpers/teams-client";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
  expect((await h.teams.install(HEALTH_TEAMS)).status).toBe(200);
  expect((await h.teams.install(BOARD_TEAMS)).status).toBe(200);
});
afterEach(async () => {
  await h.cleanup();
});

const health = () => proposalBody({ title: "がん検診の受診勧奨アプリ", summary: "健康アプリで検診を勧める", fields: ["health"], pattern: "tech_trial" });

async function routedToTeams() {
  const res = await h.api("POST", "/api/proposals", health());
  await h.deliver();
  const [card] = h.connector.posted(HEALTH_TEAMS);
  expect(card, "a card in the Teams channel").toBeDefined();
  return { id: res.json.id as string, activity: card };
}

describe("Teams", () => {
  it("installation stores the conversation reference", async () => {
    const row = await h.app.store.conversations.get(HEALTH_TEAMS);
    expect(row).not.toBeNull();
    expect(JSON.parse(row!.reference)).toMatchObject({ serviceUrl: h.connector.url, conversation: { id: HEALTH_TEAMS, tenantId: TENANT } });
  });

  it("a proposal through the intake API reaches a Teams department channel as an Adaptive Card", async () => {
    const { activity } = await routedToTeams();
    const card = cardOf(activity);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(JSON.stringify(card)).toContain("がん検診の受診勧奨アプリ");
    expect(executeActions(card).map((a) => a.verb)).toEqual(["proposal.take", "proposal.send_back"]);
    expect(executeActions(card)[0]).toMatchObject({ title: "担当する", fallback: { type: "Action.Submit" } });
  });

  it("an adaptiveCard/action invoke takes it up; the invoke response and the other copies carry the new card", async () => {
    const { id, activity } = await routedToTeams();
    const take = executeActions(cardOf(activity))[0];
    const res = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, activity.__id, take.verb, take.data);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(executeActions(res.body.value).map((a) => a.verb)).toEqual(["agreement.register", "agreement.no_agreement", "proposal.to_board"]);
    expect(JSON.stringify(res.body.value)).toContain("担当: みなと保健所");
    const view = await proposal(h, id);
    expect(view).toMatchObject({ status: "taken", ownerDepartment: "public-health" });
    expect(view.events.at(-1)).toMatchObject({ action: "routing.take", actor: "teams:aad-health-1", platform: "teams" });
    await h.deliver();
    expect(h.connector.updates(activity.__id)).toHaveLength(1);
    expect(h.connector.replies(HEALTH_TEAMS, activity.__id).map((a) => a.text).join()).toContain("みなと保健所 が担当します");
  });

  it("a repeated invoke (same activity id) changes state once; an outsider is refused and nothing is recorded", async () => {
    const { id, activity } = await routedToTeams();
    const take = executeActions(cardOf(activity))[0];
    const outsider = await h.teams.invoke("aad-stranger", "19:other@thread.tacv2", activity.__id, take.verb, take.data);
    expect(JSON.stringify(outsider.body.value)).toContain("権限がありません");
    expect((await proposal(h, id)).status).toBe("routing");
    expect((await proposal(h, id)).events.map((e: any) => e.action)).toContain("proposal.take.refused");
    for (let i = 0; i < 3; i++) {
      const res = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, activity.__id, take.verb, take.data, { id: "invoke-same" });
      expect(res.status).toBe(200);
    }
    expect((await proposal(h, id)).events.filter((e: any) => e.action === "routing.take")).toHaveLength(1);
  });

  it("a board round decided with votes from Teams members and a Slack member together", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ fields: ["health"], costToCity: true, pattern: "co_hosting" }));
    await h.deliver();
    const routing = h.connector.posted(HEALTH_TEAMS)[0];
    const take = executeActions(cardOf(routing))[0];
    // it costs the city money: taking it up returns a form for the department's opinion
    const form = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, take.verb, take.data);
    const submit = executeActions(form.body.value)[0];
    expect(submit.verb).toBe("form.take_up");
    const empty = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, submit.verb, { ...submit.data, opinion: "" });
    expect(JSON.stringify(empty.body.value)).toContain("担当部署の意見: 入力してください");
    await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, submit.verb, { ...submit.data, opinion: "受診率向上に有効" });
    expect((await proposal(h, res.json.id)).status).toBe("in_review");
    await h.deliver();
    const teamsCard = h.connector.posted(BOARD_TEAMS)[0];
    const slackCard = messageWithButton(h, "C0BOARD", "review.approve");
    expect(executeActions(cardOf(teamsCard)).map((a) => a.verb)).toEqual(["review.approve", "review.reject", "review.changes", "review.recuse", "review.close"]);
    const approve = executeActions(cardOf(teamsCard))[0];

    await h.teams.invoke("aad-chair", BOARD_TEAMS, teamsCard.__id, approve.verb, approve.data);
    await press(h, "U0M2", "C0BOARD", slackCard, "review.approve");
    await eventually(async () => expect((await proposal(h, res.json.id)).rounds[0].votes).toHaveLength(2));
    const last = await h.teams.invoke("aad-m1", BOARD_TEAMS, teamsCard.__id, approve.verb, approve.data);
    expect(JSON.stringify(last.body.value)).toContain("承認されました");
    expect(executeActions(last.body.value)).toEqual([]);
    const view = await proposal(h, res.json.id);
    expect(view.status).toBe("approved");
    expect(view.rounds[0].votes.map((v: any) => [v.member, v.platform])).toEqual([["aad-chair", "teams"], ["U0M2", "slack"], ["aad-m1", "teams"]]);
    await h.deliver();
    expect(buttonsOf(h.fake.of("chat.update").filter((u) => u.ts === slackCard.__ts).at(-1)!.blocks)).toEqual([]);
  });

  it("a vote reminder mentions the board members who have not voted: real Teams mentions by Azure AD id, Slack mentions by user id", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ title: "*特別* <at>委員1</at> の件", fields: ["health"], costToCity: true, pattern: "co_hosting" }));
    await h.deliver();
    const routing = h.connector.posted(HEALTH_TEAMS)[0];
    const take = executeActions(cardOf(routing))[0];
    const form = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, take.verb, take.data);
    const submit = executeActions(form.body.value)[0];
    await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, submit.verb, { ...submit.data, opinion: "有効" });
    await h.deliver();
    const teamsCard = h.connector.posted(BOARD_TEAMS)[0];
    const approve = executeActions(cardOf(teamsCard))[0];
    await h.teams.invoke("aad-chair", BOARD_TEAMS, teamsCard.__id, approve.verb, approve.data);
    const round = (await proposal(h, res.json.id)).rounds[0];
    const reminder = (await h.app.store.read.reminders.listForSubject("round", round.id)).find((r) => r.kind === "vote");
    expect(reminder, "a vote reminder is planned").toBeDefined();
    h.clock.set(reminder!.dueAt.toISOString());
    await h.app.workflow.runSweep(h.clock.now());
    await h.deliver();
    // in the round's thread
    const card = cardOf(h.connector.replies(BOARD_TEAMS, teamsCard.__id).at(-1)!);
    const text = JSON.stringify(card.body);
    expect(text).toContain("<at>委員1</at>");
    // the chair voted: not chased
    expect(text).not.toContain("審査会長");
    expect(card.msteams.entities).toContainEqual({ type: "mention", text: "<at>委員1</at>", mentioned: { id: "aad-m1", name: "委員1" } });
    expect(card.msteams.entities.map((e: { mentioned: { id: string } }) => e.mentioned.id)).not.toContain("aad-chair");
    const slack = h.fake.of("chat.postMessage").filter((m) => m.channel === "C0BOARD" && m.thread_ts).at(-1)!;
    expect(JSON.stringify(slack.blocks)).toContain("<@U0M2>");
    // the title from outside stays text on the board's card: no bold, no mention
    const board = JSON.stringify(cardOf(teamsCard).body);
    expect(board).toContain("\\\\*特別\\\\*");
    expect(board).toContain("\\\\<at\\\\>委員1");
    expect(cardOf(teamsCard).msteams).toBeUndefined();
  });

  it("a take-up chase mentions the department's listed members in Teams", async () => {
    const { activity } = await routedToTeams();
    const routing = (await h.app.store.read.routings.listByProposal((await h.app.store.read.proposals.listOpen(1))[0].id))[0];
    const chase = (await h.app.store.read.reminders.listForSubject("routing", routing.id)).find((r) => r.kind === "silence")!;
    h.clock.set(chase.dueAt.toISOString());
    await h.app.workflow.runSweep(h.clock.now());
    await h.deliver();
    const card = cardOf(h.connector.replies(HEALTH_TEAMS, activity.__id).at(-1)!);
    expect(JSON.stringify(card.body)).toContain("<at>保健所 係長</at>");
    expect(card.msteams.entities).toEqual([{ type: "mention", text: "<at>保健所 係長</at>", mentioned: { id: "aad-health-lead", name: "保健所 係長" } }]);
  });

  it("a reminder sweep delivers to a Teams channel", async () => {
    h.clock.set("2026-06-01T00:00:00Z");
    const header = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";
    expect((await h.app.workflow.importAgreements(`${header}\nみなと保険,,がん検診啓発,public-health,other,2025-06-01,2027-03-31,false,,\n`)).problems).toEqual([]);
    h.clock.set("2027-03-30T09:00:00+09:00");
    await h.app.workflow.runSweep(h.clock.now());
    await h.deliver();
    const posted = h.connector.posted(HEALTH_TEAMS).map((a) => JSON.stringify(cardOf(a)));
    expect(posted.join()).toContain("2027年3月31日（水）に終了します");
    expect(posted.join()).toContain("agreement.renew");
  });

  it("text commands mirror the slash commands; help lists them; a window member binds a channel to a department after confirming", async () => {
    const help = await h.teams.message("aad-env-1", "19:env@thread.tacv2", "help");
    expect(help.status).toBe(200);
    const replies = () => h.connector.calls.filter((c) => c.ok && c.conversationId.startsWith("19:env@thread.tacv2")).map((c) => c.body);
    await eventually(() => expect(replies().map((r) => r.text).join()).toContain("company"));
    // Teams' own commands, in the configured language, as Markdown (no Slack slash command)
    expect(replies()[0].text).toContain("**bind** \\<部署コード\\>");
    expect(replies()[0].text).not.toContain("/partner");
    await h.teams.message("aad-window", "19:env@thread.tacv2", "bind environment");
    const ask = await eventually(() => {
      const card = replies().find((r) => executeActions(cardOf(r)).some((a) => a.verb === "channel.bind"));
      expect(card).toBeDefined();
      return card;
    });
    expect(JSON.stringify(cardOf(ask))).toContain("環境課");
    expect((await h.app.store.conversations.get("19:env@thread.tacv2"))?.departmentCode).toBeNull(); // nothing bound before the confirmation
    const confirm = executeActions(cardOf(ask))[0];
    const done = await h.teams.invoke("aad-window", "19:env@thread.tacv2", ask.__id, confirm.verb, confirm.data);
    expect(JSON.stringify(done.body.value)).toContain("環境課");
    expect((await h.app.store.conversations.get("19:env@thread.tacv2"))?.departmentCode).toBe("environment");
    await h.api("POST", "/api/proposals", proposalBody({ fields: ["environment"], title: "屋上緑化" }));
    await h.deliver();
    expect(h.connector.posted("19:env@thread.tacv2").map((a) => JSON.stringify(cardOf(a))).join()).toContain("屋上緑化");
    await h.teams.message("aad-env-1", "19:env@thread.tacv2", "new");
    await eventually(() => expect(replies().some((r) => executeActions(cardOf(r)).some((a) => a.verb === "form.new_proposal"))).toBe(true));
    await h.teams.message("aad-window", "19:env@thread.tacv2", "bind nonsense");
    await eventually(() => expect(replies().map((r) => r.text).join()).toContain("使い方: bind \\<部署コード\\>"));
  });

  it("department staff publish a call for proposals from Teams (issue 13): it is on /challenges, and refused for another department", async () => {
    const replies = () => h.connector.calls.filter((c) => c.ok && c.conversationId.startsWith(HEALTH_TEAMS)).map((c) => c.body);
    await h.teams.message("aad-health-1", HEALTH_TEAMS, "challenge");
    const ask = await eventually(() => {
      const found = replies().find((r) => executeActions(cardOf(r)).some((a) => a.verb === "form.challenge"));
      expect(found).toBeDefined();
      return found!;
    });
    const submit = executeActions(cardOf(ask)).find((a) => a.verb === "form.challenge")!;
    const values = { kind: "local_challenge", title: "がん検診の受診率向上", description: "受診率を上げるアイデアを募集します。", deadline: "2099-03-31" };
    const foreign = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, "act-challenge", submit.verb, { ...submit.data, ...values, departmentCode: "school-education" });
    expect(JSON.stringify(foreign.body.value)).toContain("所属していない部署の名前では公開できません");
    const ok = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, "act-challenge", submit.verb, { ...submit.data, ...values, departmentCode: "public-health" });
    expect(JSON.stringify(ok.body.value)).toContain("C-0001 を公開しました");
    const page = await (await fetch(`${h.app.url}/challenges`)).text();
    expect(page).toContain("がん検診の受診率向上");
    expect(page).toContain("みなと保健所");
    await h.deliver();
    expect(h.connector.posted(HEALTH_TEAMS).map((a) => JSON.stringify(cardOf(a))).join()).toContain("地域課題・テーマ型募集 C-0001 を公開しました");
  });

  it("an activity from a tenant outside the allow-list is refused", async () => {
    const { id, activity } = await routedToTeams();
    const take = executeActions(cardOf(activity))[0];
    const res = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, activity.__id, take.verb, take.data, { tenant: "other-tenant" });
    expect(res.status).toBe(403);
    expect((await proposal(h, id)).status).toBe("routing");
  });
});

describe("Teams authentication", () => {
  it("with an app id set, a forged or missing Bot Framework token gets 401 and changes nothing; a valid one is accepted", async () => {
    const issuer = await new FakeOpenId().start();
    const appId = "00000000-0000-4000-8000-0000000000b0";
    const secured = await startHarness({
      org: mixedOrg(),
      env: { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TYPE: "MultiTenant", MICROSOFT_APP_TENANT_ID: TENANT, BOTFRAMEWORK_OPENID_METADATA_URL: `${issuer.url}.well-known/openidconfiguration` },
      clock: new TestClock(),
    });
    try {
      const install = (headers: Record<string, string>) =>
        secured.teams.send(
          {
            type: "conversationUpdate",
            from: { id: "29:x", aadObjectId: "aad-x" },
            conversation: { id: HEALTH_TEAMS, conversationType: "channel", tenantId: TENANT },
            channelData: { tenant: { id: TENANT } },
            membersAdded: [{ id: "28:partner-bot" }],
          },
          headers,
        );
      expect((await install({})).status).toBe(401);
      const forged = issuer.sign(appId, secured.connector.url, FakeOpenId.otherKey());
      expect((await install({ authorization: `Bearer ${forged}` })).status).toBe(401);
      const wrongAudience = issuer.sign("another-bot", secured.connector.url);
      expect((await install({ authorization: `Bearer ${wrongAudience}` })).status).toBe(401);
      expect(await secured.app.store.conversations.get(HEALTH_TEAMS)).toBeNull();
      const valid = issuer.sign(appId, secured.connector.url);
      expect((await install({ authorization: `Bearer ${valid}` })).status).toBe(200);
      expect(await secured.app.store.conversations.get(HEALTH_TEAMS)).not.toBeNull();
    } finally {
      await secured.cleanup();
      await issuer.stop();
    }
  });
});
