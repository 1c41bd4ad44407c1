/**
 * Issue 21: what Slack users had and Teams users lacked. A dashboard in the bot's personal chat that
 * refreshes itself for its viewer; review cards whose vote buttons only board members see (Universal
 * Actions `refresh` with `userIds`), with the old card for all when members cannot be named; the viewer's
 * language for what only they see. Real botbuilder against the fake connector.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardOf, executeActions } from "../../helpers/fake-connector";
import { proposal } from "../../helpers/flows";
import { eventually, proposalBody, startHarness, type Harness } from "../../helpers/harness";
import { BOARD_TEAMS, HEALTH_TEAMS, mixedOrg } from "../../helpers/org";
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

const personalReplies = (user: string) => h.connector.calls.filter((c) => c.ok && c.method === "POST" && c.conversationId === `a:1personal-${user}`).map((c) => c.body);
const texts = (card: unknown) => JSON.stringify(card);

/** A proposal for public health that costs the city money, taken up with an opinion: the board gets its card. */
async function inReview(): Promise<{ id: string; card: any }> {
  const res = await h.api("POST", "/api/proposals", proposalBody({ title: "検診アプリ", fields: ["health"], costToCity: true, pattern: "co_hosting" }));
  await h.deliver();
  const routing = h.connector.posted(HEALTH_TEAMS)[0];
  const take = executeActions(cardOf(routing))[0];
  const form = await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, take.verb, take.data);
  const submit = executeActions(form.body.value)[0];
  await h.teams.invoke("aad-health-1", HEALTH_TEAMS, routing.__id, submit.verb, { ...submit.data, opinion: "有効" });
  expect((await proposal(h, res.json.id)).status).toBe("in_review");
  await h.deliver();
  const card = h.connector.posted(BOARD_TEAMS)[0];
  expect(card, "the board's card").toBeDefined();
  return { id: res.json.id, card };
}

describe("Teams: a home in the personal chat", () => {
  it("`home` answers with the viewer's dashboard, which refreshes itself for them; a department member sees their department's work, the window everything", async () => {
    await h.api("POST", "/api/proposals", proposalBody({ title: "保健の提案", fields: ["health"] }));
    await h.api("POST", "/api/proposals", proposalBody({ title: "環境の提案", fields: ["environment"] }));
    await h.deliver();

    expect((await h.teams.personal("aad-health-lead", "home")).status).toBe(200);
    const mine = cardOf(personalReplies("aad-health-lead").at(-1));
    expect(mine.refresh).toEqual({ action: { type: "Action.Execute", verb: "view.home", data: { value: "" } }, userIds: ["29:aad-health-lead"] });
    expect(texts(mine)).toContain("保健の提案");
    expect(texts(mine)).not.toContain("環境の提案");
    expect(texts(mine)).toContain("担当課の連携提案");

    // Teams asks for the viewer's card when they open the chat (trigger: automatic)
    const refreshed = await h.teams.invoke("aad-window", "a:1personal-aad-window", "", "view.home", { value: "" }, { trigger: "automatic" });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(texts(refreshed.body.value)).toContain("保健の提案");
    expect(texts(refreshed.body.value)).toContain("環境の提案");
    expect(refreshed.body.value.refresh.userIds).toEqual(["29:aad-window"]);

    // staff the org config does not place see the whole office, as the Slack home always showed it, and are told why
    await h.teams.personal("aad-staff-unlisted", "home");
    const whole = cardOf(personalReplies("aad-staff-unlisted").at(-1));
    expect(texts(whole)).toContain("組織設定の部署・審査会に登録されていない");
    expect(texts(whole)).toContain("環境の提案");
  });

  it("installing the app in the personal scope sends the dashboard", async () => {
    const res = await h.teams.send({
      type: "installationUpdate",
      action: "add",
      from: { id: "29:aad-window", aadObjectId: "aad-window" },
      conversation: { conversationType: "personal", id: "a:1personal-aad-window", tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(personalReplies("aad-window")).toHaveLength(1));
    expect(cardOf(personalReplies("aad-window")[0]).refresh.action.verb).toBe("view.home");
  });

  it("answers privately in the viewer's language (activity.locale), Japanese by default; what goes to channels stays in the city's language", async () => {
    await h.api("POST", "/api/proposals", proposalBody({ title: "保健の提案", fields: ["health"] }));
    await h.teams.personal("aad-health-lead", "home", { locale: "en-US" });
    expect(texts(cardOf(personalReplies("aad-health-lead").at(-1)))).toContain("Your departments' proposals");
    await h.teams.personal("aad-health-lead", "help", { locale: "en-GB" });
    expect(personalReplies("aad-health-lead").at(-1).text).toContain("register a proposal");
    await h.teams.personal("aad-health-lead", "help", { locale: "fr-FR" });
    expect(personalReplies("aad-health-lead").at(-1).text).toContain("連携提案を登録");
    // the routing card in the department's channel is the city's, whoever reads it
    await h.deliver();
    expect(texts(cardOf(h.connector.posted(HEALTH_TEAMS)[0]))).toContain("担当する");
    // a refusal is worded for the person refused
    const routing = h.connector.posted(HEALTH_TEAMS)[0];
    const take = executeActions(cardOf(routing))[0];
    const refused = await h.teams.invoke("aad-stranger", "19:other@thread.tacv2", routing.__id, take.verb, take.data, { locale: "en-US" });
    expect(texts(refused.body.value)).toMatch(/not allowed|permission/i);
  });
});

describe("Teams: the personal report link in the viewer's language", () => {
  it("an English viewer's `report` link is signed like everyone's and opens the reports page", async () => {
    await h.teams.personal("aad-window", "report", { locale: "en-US" });
    const card = cardOf(personalReplies("aad-window").at(-1));
    expect(texts(card)).toContain("See the charts, tables and definitions");
    const url = (texts(card).match(/"url":"([^"]+\/reports\/open\?token=[^"]+)"/) ?? [])[1];
    expect(url, "a personal link").toBeDefined();
    expect(url.startsWith(h.app.url)).toBe(true);
    const opened = await fetch(url, { redirect: "manual" });
    expect(opened.status).toBe(303);
  });
});

describe("Teams: review cards per person", () => {
  it("board members are named in refresh.userIds; the shared card has no vote buttons; each member's view has their own vote and buttons, the chair's also closing; others see none", async () => {
    for (const m of ["aad-chair", "aad-m1", "aad-m4"]) h.connector.members.add(m);
    const { id, card } = await inReview();
    const shared = cardOf(card);
    expect(shared.refresh).toEqual({ action: { type: "Action.Execute", verb: "view.review", data: { value: expect.any(String) } }, userIds: ["29:aad-chair", "29:aad-m1", "29:aad-m4"] });
    expect(executeActions(shared)).toEqual([]);
    expect(texts(shared)).toContain("検診アプリ");
    const round = shared.refresh.action.data.value as string;

    const member = await h.teams.invoke("aad-m1", BOARD_TEAMS, card.__id, "view.review", { value: round }, { trigger: "automatic" });
    expect(executeActions(member.body.value).map((a) => a.verb)).toEqual(["review.approve", "review.reject", "review.changes", "review.recuse"]);
    expect(texts(member.body.value)).toContain("あなたはまだ投票していません");
    expect(member.body.value.refresh.userIds).toHaveLength(3);
    const chair = await h.teams.invoke("aad-chair", BOARD_TEAMS, card.__id, "view.review", { value: round }, { trigger: "automatic" });
    expect(executeActions(chair.body.value).map((a) => a.verb)).toContain("review.close");
    const window = await h.teams.invoke("aad-window", BOARD_TEAMS, card.__id, "view.review", { value: round }, { trigger: "manual" });
    expect(executeActions(window.body.value)).toEqual([]);
    expect(texts(window.body.value)).toContain("検診アプリ");

    // someone outside the board and the window is refused (audited) and keeps the shared card
    const outsider = await h.teams.invoke("aad-any", BOARD_TEAMS, card.__id, "view.review", { value: round }, { trigger: "manual" });
    expect(texts(outsider.body.value)).toContain("権限がありません");
    expect(executeActions(outsider.body.value)).toEqual([]);
    const refusals = (await h.app.store.read.audit.listBetween(null, null, 0, 100_000)).filter((e) => e.action === "view.review.refused" && e.actor === "teams:aad-any");
    expect(refusals).toHaveLength(1);

    // a vote is answered with the voter's own card: their vote shown, their buttons kept
    const voted = await h.teams.invoke("aad-m1", BOARD_TEAMS, card.__id, "review.approve", { value: round });
    expect(texts(voted.body.value)).toContain("あなたの票: 承認");
    expect(executeActions(voted.body.value).map((a) => a.verb)).toContain("review.reject");
    await eventually(async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(1));
    // the shared card, updated, still names the viewers and shows the tally to everyone
    await h.deliver();
    const updated = cardOf(h.connector.updates(card.__id).at(-1));
    expect(updated.refresh.userIds).toHaveLength(3);
    expect(executeActions(updated)).toEqual([]);
    expect(texts(updated)).toContain("委員1");
  });

  it("a board member the connector cannot name: everyone gets the card with the buttons, which refuse outsiders", async () => {
    h.connector.members.add("aad-chair");
    h.connector.members.add("aad-m1"); // aad-m4 is unknown
    const { card } = await inReview();
    const shared = cardOf(card);
    expect(shared.refresh).toBeUndefined();
    expect(executeActions(shared).map((a) => a.verb)).toEqual(["review.approve", "review.reject", "review.changes", "review.recuse", "review.close"]);
    const outsider = await h.teams.invoke("aad-any", BOARD_TEAMS, card.__id, "review.approve", executeActions(shared)[0].data);
    expect(texts(outsider.body.value)).toContain("権限がありません");
  });
});
