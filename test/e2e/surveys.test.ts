/**
 * Issue 23: a survey round (調査). The window starts it from chat (or the CLI); each department gets one
 * card listing its own partnerships and disaster agreements, answers it (every answer kept, changes
 * audited with the old value), is chased on business days when silent, and the round closes after its
 * deadline with a summary to the window. Slack through signed requests; Teams through activities.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cardOf, executeActions } from "../helpers/fake-connector";
import { latestBlocks, messageWithButton, openedView, press, submit } from "../helpers/flows";
import { eventually, startHarness, TestClock, type Harness } from "../helpers/harness";
import { HEALTH_TEAMS, mixedOrg } from "../helpers/org";
import { input } from "../helpers/slack-client";
import { TENANT } from "../helpers/teams-client";
import { SYSTEM } from "../../src/ports/chat";

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

const audits = async () => h.app.store.read.audit.listBetween(null, null, 0, 10_000);

/** One own partnership and one disaster agreement for school education, one disaster agreement for health. */
async function seed() {
  const own = await h.app.workflow.registerOwnPartnership(
    { kind: "agreement", companyName: "株式会社みなとラボ", title: "校内Wi-Fiの実証", pattern: "tech_trial", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31", companyContact: "田中", cityContact: "鈴木" },
    SYSTEM,
  );
  const res = await h.app.workflow.importList(
    [
      { line: 1, cells: ["協定の名称", "協定締結先", "締結年月日", "所管課", "物資"] },
      { line: 2, cells: ["災害時における物資供給に関する協定", "株式会社みなとストア、港湾協同組合", "H17.8.31", "学校教育部", "○"] },
      { line: 3, cells: ["災害時における医療救護に関する協定", "みなと医師会", "R1.5.1", "みなと保健所", "○"] },
    ],
    { kind: "disaster", source: "test" },
  );
  expect(res.problems).toEqual([]);
  const disasters = await h.app.store.read.disasters.list({ departmentCode: "school-education" });
  expect(disasters).toHaveLength(1);
  return { own, disaster: disasters[0] };
}

describe("a survey round on Slack", () => {
  it("the window starts it; the department's card lists what it has; its answer changes records with an audit trail; the round closes with a summary", async () => {
    const clock = new TestClock(new Date("2027-06-01T10:00:00+09:00"));
    h = await startHarness({ clock });
    const { own, disaster } = await seed();

    // only the window starts a round
    const refused = await h.slack.command("U0E1", "C0EDU", "survey");
    expect(refused.status).toBe(200);
    await eventually(async () => expect((await audits()).map((e) => e.action)).toContain("command.survey.refused"));
    await h.slack.command("U0WIN", "C0WINDOW", "survey 2027-06-30");
    await eventually(async () => expect(await h.app.store.read.surveys.listRounds()).toHaveLength(1));
    await h.deliver();

    // each department gets one card with what is registered for it, prefilled
    const card = messageWithButton(h, "C0EDU", "survey.answer");
    const text = JSON.stringify(card.blocks);
    expect(text).toContain("校内Wi-Fiの実証");
    expect(text).toContain("災害時における物資供給に関する協定");
    expect(text).toContain("株式会社みなとストア、港湾協同組合");
    expect(text).not.toContain("医療救護");
    expect(JSON.stringify(messageWithButton(h, "C0HEALTH", "survey.answer").blocks)).toContain("医療救護");

    // the company directory knows them too: a department's own partnership, marked, and the disaster agreement
    await h.slack.command("U0E1", "C0EDU", "company みなとラボ");
    await h.slack.command("U0E1", "C0EDU", "company みなとストア");
    const replies = await eventually(() => {
      const r = h.fake.calls.filter((c) => c.method.startsWith("/response") && c.args.blocks).map((c) => JSON.stringify(c.args.blocks));
      expect(r.length).toBeGreaterThanOrEqual(2);
      return r;
    });
    expect(replies.find((x) => x.includes("みなとラボ"))).toContain("部署独自");
    expect(replies.find((x) => x.includes("みなとストア"))).toContain("災害協定 災害時における物資供給に関する協定");
    expect(JSON.stringify(h.fake.posted("C0WINDOW").map((m) => m.text))).toContain("S-001");

    // another department's staff cannot answer this card
    await h.slack.blockAction("U0H1", "C0HEALTH", card.__ts, { action_id: "survey.answer", value: buttonsValue(card) });
    await eventually(async () => expect((await audits()).map((e) => e.action)).toContain("survey.answer.refused"));

    // the department answers: the partnership ended, the disaster agreement's contact and last drill changed, one missing
    await press(h, "U0E1", "C0EDU", card, "survey.answer");
    const form = await openedView(h, 1);
    expect(form.callback_id).toBe("form.survey");
    const ids = form.blocks.filter((b: any) => b.type === "input").map((b: any) => b.block_id);
    expect(ids).toEqual(["inForce_0", "company_0", "city_0", "inForce_1", "company_1", "city_1", "lastUsed_1", "missing"]);
    const answer = await submit(h, "U0E1", form, {
      inForce_0: input.select("no"),
      company_0: input.text("田中"),
      city_0: input.text("鈴木"),
      inForce_1: input.select("yes"),
      company_1: input.text("みなとストア 総務部 山本"),
      city_1: input.text("学校教育部 庶務係"),
      lastUsed_1: input.date("2027-03-10"),
      missing: input.text("みなと書店との読書推進の取組（協定なし）"),
    });
    expect(answer).toEqual({});
    await eventually(async () => expect((await h.app.store.read.agreements.get(own.id))!.state).toBe("ended"));
    const d = (await h.app.store.read.disasters.get(disaster.id))!;
    expect(d).toMatchObject({ companyContact: "みなとストア 総務部 山本", cityContact: "学校教育部 庶務係", lastUsedOn: "2027-03-10", state: "active" });
    const changed = (await audits()).filter((e) => e.action === "disaster.surveyed");
    expect(changed).toHaveLength(1);
    expect(changed[0].data).toMatchObject({ before: { companyContact: null, lastUsedOn: null }, after: { lastUsedOn: "2027-03-10" } });
    expect((await audits()).find((e) => e.action === "agreement.surveyed")?.data).toMatchObject({ before: { state: "active" }, after: { state: "ended" } });
    await h.deliver();
    expect(JSON.stringify(h.fake.posted("C0WINDOW").map((m) => m.text))).toContain("みなと書店との読書推進");
    expect(JSON.stringify(latestBlocks(h, "C0EDU", card.__ts))).toContain("回答済み");

    // a second answer is kept too (nothing is overwritten without a trace)
    const [request] = (await h.app.store.read.surveys.listRequests((await h.app.store.read.surveys.listRounds())[0].id)).filter((q) => q.departmentCode === "school-education");
    expect((await h.app.store.read.surveys.listAnswers(request.id)).length).toBe(3);

    // health never answers: chased on business days until the deadline, then the round closes with the summary
    clock.set("2027-06-04T10:05:00+09:00");
    const swept = await h.app.workflow.runSweep(clock.now());
    expect(swept.items.filter((i) => i.kind === "survey_chase" && i.outcome === "queued")).toHaveLength(1);
    await h.deliver();
    expect(JSON.stringify(h.fake.posted("C0HEALTH").map((m) => m.text))).toContain("回答をお願いします");
    clock.set("2027-07-01T10:05:00+09:00");
    const closing = await h.app.workflow.runSweep(clock.now());
    expect(closing.surveysClosed).toBe(1);
    await h.deliver();
    const summary = h.fake.posted("C0WINDOW").map((m) => JSON.stringify(m.blocks)).find((b) => b.includes("S-001 の結果"))!;
    expect(summary).toContain("対象 2 部署 / 回答 1 / 変更 2 件 / 未登録の報告 1 件 / 未回答 1 部署");
    expect(summary).toContain("未回答: みなと保健所");
    expect((await h.app.store.read.surveys.listRounds())[0].state).toBe("closed");
    expect(await h.app.store.read.reminders.listForSubject("survey", request.id)).not.toContainEqual(expect.objectContaining({ state: "planned" }));
  });
});

describe("a survey round in English (LOCALE=en)", () => {
  it("the cards, the form, the chase and the summary speak English", async () => {
    const clock = new TestClock(new Date("2027-06-01T10:00:00+09:00"));
    h = await startHarness({ clock, locale: "en" });
    await seed();
    await h.slack.command("U0WIN", "C0WINDOW", "survey 2027-06-30");
    await eventually(async () => expect(await h.app.store.read.surveys.listRounds()).toHaveLength(1));
    await h.deliver();
    const card = messageWithButton(h, "C0EDU", "survey.answer");
    expect(JSON.stringify(card.blocks)).toContain("Partnership survey S-001");
    expect(JSON.stringify(card.blocks)).toContain("Disaster agreement");
    await press(h, "U0E1", "C0EDU", card, "survey.answer");
    const form = await openedView(h, 1);
    expect(JSON.stringify(form.blocks)).toContain("still in force?");
    clock.set("2027-07-01T10:05:00+09:00");
    await h.app.workflow.runSweep(clock.now());
    await h.deliver();
    const summary = h.fake.posted("C0WINDOW").map((m) => JSON.stringify(m.blocks)).find((b) => b.includes("S-001: results"))!;
    expect(summary).toContain("Asked 2 departments / answered 0");
    expect(summary).toMatch(/Did not answer: (School Education|Public Health)/);
    expect(summary).toContain("Public Health");
    expect(summary).toContain("School Education");
  });
});

describe("the yearly round (surveys.schedule in the org config)", () => {
  it("starts once a fiscal year, whichever replica ticks first, and not while another round is open", async () => {
    const clock = new TestClock(new Date("2027-06-01T09:00:00+09:00"));
    h = await startHarness({ clock });
    expect(h.app.workflow.ctx.dir.org.surveys).toEqual({ schedule: "0 9 1 6 *", days: 30 });
    const [a, b] = await Promise.all([h.app.workflow.startScheduledSurvey(clock.now()), h.app.workflow.startScheduledSurvey(clock.now())]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((a ?? b)!.deadline).toBe("2027-07-01");
    expect(await h.app.store.read.surveys.listRounds()).toHaveLength(1);
    // closed after its deadline, the same fiscal year does not start another; the next one does
    clock.set("2027-07-02T10:00:00+09:00");
    await h.app.workflow.runSweep(clock.now());
    expect(await h.app.workflow.startScheduledSurvey(new Date("2027-12-01T09:00:00+09:00"))).toBeNull();
    clock.set("2028-06-01T09:00:00+09:00");
    expect((await h.app.workflow.startScheduledSurvey(clock.now()))?.number).toBe("S-002");
    const started = (await audits()).filter((e) => e.action === "survey.started");
    expect(started.map((e) => e.actor)).toEqual(["system:system", "system:system"]);
  });
});

function buttonsValue(msg: any): string {
  return msg.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === "survey.answer").value;
}

describe("a survey round on Teams", () => {
  it("the department's card reaches its Teams channel and is answered from the card", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    expect((await h.teams.install(HEALTH_TEAMS)).status).toBe(200);
    await seed();
    const started = await h.app.workflow.startSurvey({}, { platform: "cli", userId: "op" });
    expect(started.number).toBe("S-001");
    await h.deliver();
    const card = h.connector.posted(HEALTH_TEAMS).find((a) => executeActions(cardOf(a)).some((x) => x.verb === "survey.answer"))!;
    expect(JSON.stringify(cardOf(card))).toContain("医療救護");
    const open = executeActions(cardOf(card)).find((x) => x.verb === "survey.answer")!;
    const form = await h.teams.invoke("aad-health-lead", HEALTH_TEAMS, card.__id, open.verb, open.data);
    const submitAction = executeActions(form.body.value).find((x) => x.verb === "form.survey")!;
    const res = await h.teams.invoke("aad-health-lead", HEALTH_TEAMS, card.__id, submitAction.verb, { ...submitAction.data, inForce_0: "yes", company_0: "医師会 事務局", city_0: "保健所 総務", lastUsed_0: "2026-11-05" });
    expect(res.status).toBe(200);
    const [d] = await h.app.store.read.disasters.list({ departmentCode: "public-health" });
    expect(d).toMatchObject({ companyContact: "医師会 事務局", lastUsedOn: "2026-11-05" });
  });
});
