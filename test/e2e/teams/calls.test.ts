/**
 * Issue 24 on Teams: a department whose channel is in Teams manages the call it published from the call's
 * Adaptive Card (Universal Actions): the buttons open the forms in the card, the invoke response carries
 * the updated card, and the copies in other channels are updated through the connector. Another
 * department and people of another tenant are refused.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseOrg } from "../../../src/config/org";
import { cardOf, executeActions } from "../../helpers/fake-connector";
import { eventually, startHarness, TestClock, type Harness } from "../../helpers/harness";
import { MINATO, WINDOW_NAME } from "../../helpers/org";
import { TENANT } from "../../helpers/teams-client";

const WINDOW = "19:window@thread.tacv2";
const HEALTH = "19:health@thread.tacv2";
const ENV = "19:env@thread.tacv2";

/** The window and two departments, all on Teams. */
function teamsOrg() {
  return parseOrg({
    city: MINATO,
    window: { name: WINDOW_NAME, teamsChannel: WINDOW, members: [{ teams: "aad-window", name: "窓口" }] },
    departments: [
      { code: "public-health", name: { ja: "みなと保健所", en: "Public Health" }, teamsChannel: HEALTH, fields: ["health"] },
      { code: "environment", name: { ja: "環境課", en: "Environment" }, teamsChannel: ENV, fields: ["environment"] },
    ],
    board: { teamsChannel: "19:board@thread.tacv2", quorum: 1, members: [{ teams: "aad-chair", name: "会長", chair: true }] },
    reminders: {},
  });
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ org: teamsOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT }, clock: new TestClock(new Date("2026-12-01T10:00:00+09:00")) });
  for (const c of [WINDOW, HEALTH, ENV]) expect((await h.teams.install(c)).status).toBe(200);
});
afterEach(async () => {
  await h.cleanup();
});

async function audits(action: string) {
  return (await h.app.store.read.audit.listBetween(null, null, 0, 10_000)).filter((e) => e.action === action);
}

const call = async () => (await h.app.store.read.challenges.getByNumber(1))!;
const verbs = (card: any) => executeActions(card).map((a) => a.verb);
const cardText = (card: any) => JSON.stringify(card);

/** Public health publishes C-0001 from Teams (`challenge`, then the form card); its card in its channel and the window's. */
async function publishFromTeams() {
  const replies = () => h.connector.calls.filter((c) => c.ok && c.conversationId.startsWith(HEALTH)).map((c) => c.body);
  await h.teams.message("aad-health-1", HEALTH, "challenge");
  const ask = await eventually(() => {
    const found = replies().find((r) => verbs(cardOf(r)).includes("form.challenge"));
    expect(found).toBeDefined();
    return found!;
  });
  const submit = executeActions(cardOf(ask)).find((a) => a.verb === "form.challenge")!;
  const values = { kind: "local_challenge", title: "熱中症の予防", description: "高齢者の熱中症を防ぐ提案を募集します。", departmentCode: "public-health", deadline: "2026-12-20" };
  const ok = await h.teams.invoke("aad-health-1", HEALTH, "act-publish", submit.verb, { ...submit.data, ...values });
  expect(cardText(ok.body.value)).toContain("C-0001 を公開しました");
  await h.deliver();
  const [health] = h.connector.posted(HEALTH).filter((a) => verbs(cardOf(a)).includes("challenge.extend"));
  const [window] = h.connector.posted(WINDOW).filter((a) => verbs(cardOf(a)).includes("challenge.extend"));
  expect(health, "the card in the department's channel").toBeDefined();
  expect(window, "the card in the window's channel").toBeDefined();
  return { health, window };
}

describe("a call managed from Teams", () => {
  it("the publishing department extends and then withdraws its call from the card; another department and another tenant are refused and audited", async () => {
    const { health, window } = await publishFromTeams();
    expect(verbs(cardOf(health))).toEqual(["challenge.edit", "challenge.extend", "challenge.withdraw"]);
    const button = (verb: string) => executeActions(cardOf(health)).find((a) => a.verb === verb)!;

    // the environment department presses the button (from its own channel): refused privately, audited, nothing opens
    const foreign = await h.teams.invoke("aad-env-1", ENV, health.__id, "challenge.extend", button("challenge.extend").data);
    expect(cardText(foreign.body.value)).toContain("権限がありません");
    expect(verbs(foreign.body.value)).not.toContain("form.challenge_extend");
    expect(await audits("challenge.extend.refused")).toEqual([expect.objectContaining({ actor: "teams:aad-env-1", subjectType: "challenge", subjectId: (await call()).id, data: expect.objectContaining({ reason: "role", channel: ENV }) })]);
    // nor can it submit the form without the button
    const forged = await h.teams.invoke("aad-env-1", ENV, health.__id, "form.challenge_withdraw", { context: (await call()).id, reason: "勝手に" });
    expect(cardText(forged.body.value)).toContain("権限がありません");
    expect(await audits("form.challenge_withdraw.refused")).toHaveLength(1);
    // a person of another tenant never gets that far
    const stranger = await h.teams.invoke("aad-health-1", HEALTH, health.__id, "challenge.extend", button("challenge.extend").data, { tenant: "other-tenant" });
    expect(stranger.status).toBe(403);
    expect((await call()).state).toBe("open");

    // 3 December: public health extends it; the form opens in the card, prefilled with the deadline now
    h.clock.set("2026-12-03T10:00:00+09:00");
    const form = await h.teams.invoke("aad-health-1", HEALTH, health.__id, "challenge.extend", button("challenge.extend").data);
    const submit = executeActions(form.body.value).find((a) => a.verb === "form.challenge_extend")!;
    expect(submit, "the extend form in the card").toBeDefined();
    expect(cardText(form.body.value)).toContain('"value":"2026-12-20"');
    // an earlier deadline comes back in the form, with the reason next to the field
    const earlier = await h.teams.invoke("aad-health-1", HEALTH, health.__id, submit.verb, { ...submit.data, deadline: "2026-12-15" });
    expect(cardText(earlier.body.value)).toContain("今の締切（2026-12-20）より後の日");
    expect(verbs(earlier.body.value)).toContain("form.challenge_extend");
    expect((await call()).deadline).toBe("2026-12-20");
    const done = await h.teams.invoke("aad-health-1", HEALTH, health.__id, submit.verb, { ...submit.data, deadline: "2027-01-31" });
    expect(cardText(done.body.value)).toContain("C-0001 の締切を 2027年1月31日（日） に延長しました。");
    expect(await audits("challenge.extended")).toEqual([expect.objectContaining({ actor: "teams:aad-health-1", data: expect.objectContaining({ before: { deadline: "2026-12-20" }, after: { deadline: "2027-01-31" } }) })]);

    // both copies of the card are updated through the connector; both channels are told
    await h.deliver();
    for (const [channel, copy] of [[HEALTH, health], [WINDOW, window]] as const) {
      const updated = h.connector.updates(copy.__id).at(-1);
      expect(updated, `${channel}: the card updated in place`).toBeDefined();
      expect(cardText(cardOf(updated)), channel).toContain("2027年1月31日（日）");
      expect(cardText(cardOf(updated)), channel).toContain("2026年12月3日（木） 更新: 締切を延長");
      expect(h.connector.posted(channel).map((a) => JSON.stringify(a)).join(), channel).toContain("募集 C-0001 の締切が 2026年12月20日（日） から 2027年1月31日（日） に延長されました");
    }

    // withdrawn from the same card: the answer is the card without buttons, and /challenges lists it as withdrawn
    h.clock.set("2026-12-04T15:00:00+09:00");
    const ask = await h.teams.invoke("aad-health-1", HEALTH, health.__id, "challenge.withdraw", button("challenge.withdraw").data);
    const withdraw = executeActions(ask.body.value).find((a) => a.verb === "form.challenge_withdraw")!;
    const gone = await h.teams.invoke("aad-health-1", HEALTH, health.__id, withdraw.verb, { ...withdraw.data, reason: "他の事業で対応するため" });
    expect(cardText(gone.body.value)).toContain("C-0001 を取り下げました。");
    expect(verbs(gone.body.value)).toEqual([]);
    expect(cardText(gone.body.value)).toContain("2026年12月4日（金） に取り下げました（理由: 他の事業で対応するため）");
    expect(await audits("challenge.withdrawn")).toEqual([expect.objectContaining({ actor: "teams:aad-health-1", data: expect.objectContaining({ before: { state: "open" }, after: { state: "withdrawn", reason: "他の事業で対応するため", on: "2026-12-04" } }) })]);
    const page = await (await fetch(`${h.app.url}/challenges`)).text();
    expect(page).toContain('<time datetime="2026-12-04">2026年12月4日（金） に取り下げ</time>');
    expect(page).not.toContain("challenge=C-0001");
  });

  it("the window edits a department's call from Teams; `challenge C-0001` brings up the card with its buttons", async () => {
    await publishFromTeams();
    const before = h.connector.calls.length;
    const replies = () => h.connector.calls.slice(before).filter((c) => c.ok && c.conversationId.startsWith(WINDOW)).map((c) => c.body);
    await h.teams.message("aad-window", WINDOW, "challenge C-0001");
    const shown = await eventually(() => {
      const found = replies().find((r) => verbs(cardOf(r)).includes("challenge.edit"));
      expect(found).toBeDefined();
      return found!;
    });
    const edit = executeActions(cardOf(shown)).find((a) => a.verb === "challenge.edit")!;
    const form = await h.teams.invoke("aad-window", WINDOW, shown.__id, edit.verb, edit.data);
    const submit = executeActions(form.body.value).find((a) => a.verb === "form.challenge_edit")!;
    expect(cardText(form.body.value)).toContain("熱中症の予防");
    const unchanged = await h.teams.invoke("aad-window", WINDOW, shown.__id, submit.verb, { ...submit.data, title: "熱中症の予防", description: "高齢者の熱中症を防ぐ提案を募集します。" });
    expect(cardText(unchanged.body.value)).toContain("件名も内容も変わっていません");
    const res = await h.teams.invoke("aad-window", WINDOW, shown.__id, submit.verb, { ...submit.data, title: "熱中症の予防（高齢者）", description: "高齢者の熱中症を防ぐ提案を募集します。" });
    expect(cardText(res.body.value)).toContain("C-0001 の内容を変更しました。");
    expect(await audits("challenge.edited")).toEqual([expect.objectContaining({ actor: "teams:aad-window", data: expect.objectContaining({ before: { title: "熱中症の予防" }, after: { title: "熱中症の予防（高齢者）" } }) })]);
    expect((await call()).title).toBe("熱中症の予防（高齢者）");
  });
});
