/**
 * Issue 24: a call for proposals (地域課題・テーマ型募集) managed after it was published. The department that
 * published it (or the window) edits its text, extends its deadline or withdraws it from the buttons on
 * its card in Slack; another department is refused and audited; each change is audited with the old and
 * new values, the card is updated in place, both channels are told, /challenges shows the date of the
 * change, and a withdrawn call takes no answers. The companies' notes (noteCallChange, the mail work's) are
 * watched here: they run in the change's own transaction.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CallChange } from "../../../src/app/notices/calls";
import { buttonsOf, textOf } from "../../helpers/fake-slack";
import { latestBlocks, messageWithButton, openedView, press, submit } from "../../helpers/flows";
import { DeskVisitor, deskFields, textOfHtml } from "../../helpers/desk-client";
import { eventually, proposalBody, startHarness, TestClock, type Harness } from "../../helpers/harness";
import { input, stateFor } from "../../helpers/slack-client";

/** Every note the core asked for: which call, what change, and whether the change was visible in the same transaction. */
const notes = vi.hoisted(() => ({ seen: [] as Array<{ number: number; change: string; state: string; deadline: string }>, failNext: false }));
vi.mock("../../../src/app/notices/calls", () => ({
  noteCallChange: async (_ctx: unknown, r: { challenges: { get(id: string): Promise<{ state: string; deadline: string } | null> } }, call: { id: string; number: number }, change: CallChange) => {
    // read through the transaction's own repositories: the change is already there
    const now = (await r.challenges.get(call.id))!;
    notes.seen.push({ number: call.number, change, state: now.state, deadline: now.deadline });
    if (notes.failNext) {
      notes.failNext = false;
      throw new Error("mail queue unavailable");
    }
  },
}));

let h: Harness;
beforeEach(async () => {
  notes.seen.length = 0;
  notes.failNext = false;
  h = await startHarness({ clock: new TestClock(new Date("2026-12-01T10:00:00+09:00")) });
});
afterEach(async () => {
  await h.cleanup();
});

async function audits(action: string) {
  return (await h.app.store.read.audit.listBetween(null, null, 0, 10_000)).filter((e) => e.action === action);
}

const call = async () => (await h.app.store.read.challenges.getByNumber(1))!;

/** School education publishes C-0001 from Slack (`/partner challenge`), deadline 2026-12-20; its card in its channel. */
async function publishFromSlack() {
  expect((await h.slack.command("U0E1", "C0EDU", "challenge")).status).toBe(200);
  const form = await openedView(h, 1);
  expect(form.callback_id).toBe("form.challenge");
  const values = {
    kind: input.select("theme_call"),
    title: input.text("通学路の見守り"),
    description: input.text("登下校の見守りを支える提案を募集します。"),
    departmentCode: input.select("school-education"),
    deadline: input.date("2026-12-20"),
  };
  expect(await submit(h, "U0E1", form, values)).toEqual({});
  await eventually(async () => expect(await h.app.store.read.challenges.getByNumber(1)).not.toBeNull());
  await h.deliver();
  return messageWithButton(h, "C0EDU", "challenge.edit");
}

const ephemeralsTo = (user: string) => h.fake.of("chat.postEphemeral").filter((e) => e.user === user).map((e) => String(e.text));
const notices = (channel: string) => h.fake.posted(channel).map((m) => String(m.text));

describe("a call managed by the department that published it, on Slack", () => {
  it("edits its text, extends its deadline and withdraws it: audited with old and new values, the card updated in place, both channels told, /challenges dated", async () => {
    const card = await publishFromSlack();
    expect(buttonsOf(card.blocks).map((b) => b.action_id)).toEqual(["challenge.edit", "challenge.extend", "challenge.withdraw"]);
    const windowCard = messageWithButton(h, "C0WINDOW", "challenge.edit");

    // 3 December: the text is edited, from a form that starts with what the call says now
    h.clock.set("2026-12-03T10:00:00+09:00");
    await press(h, "U0E1", "C0EDU", card, "challenge.edit");
    const edit = await openedView(h, 2);
    expect(edit.callback_id).toBe("form.challenge_edit");
    expect(edit.blocks.find((b: any) => b.block_id === "title").element.initial_value).toBe("通学路の見守り");
    expect(edit.blocks.find((b: any) => b.block_id === "description").element.initial_value).toBe("登下校の見守りを支える提案を募集します。");
    expect(await submit(h, "U0E1", edit, { title: input.text("通学路の見守り（小学校）"), description: input.text("登下校の見守りと危険箇所の把握を支える提案を募集します。") })).toEqual({});
    const [edited] = await audits("challenge.edited");
    expect(edited).toMatchObject({
      actor: "slack:U0E1",
      data: {
        before: { title: "通学路の見守り", description: "登下校の見守りを支える提案を募集します。" },
        after: { title: "通学路の見守り（小学校）", description: "登下校の見守りと危険箇所の把握を支える提案を募集します。" },
      },
    });
    expect((await call()).title).toBe("通学路の見守り（小学校）");

    // the same day, the deadline: never earlier (nor the same day), said in the form; then later
    await press(h, "U0E1", "C0EDU", card, "challenge.extend");
    const extend = await openedView(h, 3);
    expect(extend.callback_id).toBe("form.challenge_extend");
    expect(extend.blocks.find((b: any) => b.block_id === "deadline").element.initial_date).toBe("2026-12-20");
    const earlier = await submit(h, "U0E1", extend, { deadline: input.date("2026-12-10") });
    expect(earlier.response_action).toBe("errors");
    expect(earlier.errors.deadline).toContain("今の締切（2026-12-20）より後の日");
    expect((await submit(h, "U0E1", extend, { deadline: input.date("2026-12-20") })).response_action).toBe("errors");
    expect(await audits("challenge.extended")).toHaveLength(0);
    expect(await submit(h, "U0E1", extend, { deadline: input.date("2027-01-15") })).toEqual({});
    const [extended] = await audits("challenge.extended");
    expect(extended).toMatchObject({ actor: "slack:U0E1", data: { before: { deadline: "2026-12-20" }, after: { deadline: "2027-01-15" } } });
    expect(await call()).toMatchObject({ deadline: "2027-01-15", closesAt: new Date("2027-01-16T00:00:00+09:00"), changeKind: "extended", state: "open" });

    // both copies of the card are updated in place; both channels are told; the person gets a private confirmation
    await h.deliver();
    for (const [channel, ts] of [["C0EDU", card.__ts], ["C0WINDOW", windowCard.__ts]] as const) {
      const now = textOf(latestBlocks(h, channel, ts));
      expect(now, channel).toContain("通学路の見守り（小学校）");
      expect(now, channel).toContain("2027年1月15日（金）");
      expect(now, channel).toContain("2026年12月3日（木） 更新: 締切を延長");
      expect(notices(channel).join("\n"), channel).toContain("募集 C-0001 の内容が変更されました: 通学路の見守り（小学校）");
      expect(notices(channel).join("\n"), channel).toContain("募集 C-0001 の締切が 2026年12月20日（日） から 2027年1月15日（金） に延長されました");
    }
    expect(ephemeralsTo("U0E1").join("\n")).toContain("C-0001 の締切を 2027年1月15日（金） に延長しました。");

    // /challenges: the new text, the new deadline, and the date of the change
    const page = await (await fetch(`${h.app.url}/challenges`)).text();
    expect(page).toContain("通学路の見守り（小学校）");
    expect(page).toContain('<time datetime="2026-12-03">2026年12月3日（木） 更新: 締切を延長</time>');
    expect(page).toContain("2027年1月15日（金） 23時59分まで");
    const english = await (await fetch(`${h.app.url}/challenges?lang=en`)).text();
    expect(english).toContain("Thu 3 Dec 2026 updated: deadline extended");

    // 5 December: withdrawn, with a reason (none is refused)
    h.clock.set("2026-12-05T09:00:00+09:00");
    await press(h, "U0E1", "C0EDU", card, "challenge.withdraw");
    const withdraw = await openedView(h, 4);
    expect(withdraw.callback_id).toBe("form.challenge_withdraw");
    expect((await submit(h, "U0E1", withdraw, { reason: input.text("") })).response_action).toBe("errors");
    expect(await submit(h, "U0E1", withdraw, { reason: input.text("予算の見直しにより実施を見送るため") })).toEqual({});
    await eventually(async () => expect((await call()).state).toBe("withdrawn"));
    const [withdrawn] = await audits("challenge.withdrawn");
    expect(withdrawn).toMatchObject({ actor: "slack:U0E1", data: { before: { state: "open" }, after: { state: "withdrawn", reason: "予算の見直しにより実施を見送るため", on: "2026-12-05" } } });
    expect(await call()).toMatchObject({ withdrawReason: "予算の見直しにより実施を見送るため", withdrawnAt: new Date("2026-12-05T09:00:00+09:00") });

    await h.deliver();
    for (const [channel, ts] of [["C0EDU", card.__ts], ["C0WINDOW", windowCard.__ts]] as const) {
      const now = latestBlocks(h, channel, ts)!;
      expect(buttonsOf(now), `${channel}: no buttons on a withdrawn call`).toEqual([]);
      expect(textOf(now), channel).toContain("2026年12月5日（土） に取り下げました（理由: 予算の見直しにより実施を見送るため）");
      expect(notices(channel).join("\n"), channel).toContain("募集 C-0001 は取り下げられ、応募の受付を終えました");
    }

    // /challenges lists it as withdrawn, with the day, and without the link to answer it
    const after = await (await fetch(`${h.app.url}/challenges`)).text();
    const item = textOfHtml(after.slice(after.indexOf('<li id="C-0001">'), after.indexOf("</li>", after.indexOf('<li id="C-0001">'))));
    expect(item).toContain("取り下げ");
    expect(item).toContain("2026年12月5日（土） に取り下げ");
    expect(item).toContain("この募集は取り下げられました。");
    expect(item).not.toContain("募集中");
    expect(after).not.toContain("challenge=C-0001");
    expect((await h.app.workflow.publicChallenges())[0]).toMatchObject({ number: "C-0001", open: false, state: "withdrawn", change: { kind: "withdrawn", on: "2026-12-05" } });

    // each change was noted for the companies in its own transaction (the note saw the change)
    expect(notes.seen).toEqual([
      { number: 1, change: "edited", state: "open", deadline: "2026-12-20" },
      { number: 1, change: "extended", state: "open", deadline: "2027-01-15" },
      { number: 1, change: "withdrawn", state: "withdrawn", deadline: "2027-01-15" },
    ]);

    // a withdrawn call changes no more (an old card's button is answered privately)
    await h.slack.blockAction("U0E1", "C0EDU", card.__ts, { action_id: "challenge.extend", value: (await call()).id });
    await eventually(() => expect(ephemeralsTo("U0E1").at(-1)).toBe("この募集は締め切られています"));
    await expect(h.app.workflow.extendChallenge((await call()).id, { deadline: "2027-02-01" }, { platform: "system", userId: "test" })).rejects.toThrow();
  });

  it("an answer to a withdrawn call is refused like one to a closed call, through the API and the desk, and nothing is stored", async () => {
    await publishFromSlack();
    const open = await h.api("POST", "/api/proposals", proposalBody({ challenge: "C-0001" }));
    expect(open.status, "answering the open call works").toBe(201);
    await h.app.workflow.withdrawChallenge((await call()).id, { reason: "見送り" }, { platform: "slack", userId: "U0WIN", channelId: "C0WINDOW" });
    const late = await h.api("POST", "/api/proposals", proposalBody({ challenge: "C-0001", title: "取り下げ後の提案" }));
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.json)).toContain("この募集は締め切られています");
    const desk = await new DeskVisitor(h.app.url).submit("/propose", deskFields({ challenge: "C-0001", title: "取り下げ後の提案" }));
    expect(desk.status).toBe(422);
    expect(textOfHtml(desk.html)).toContain("募集 C-0001 は締め切られたため");
    expect((await h.app.store.read.proposals.listOpen(10)).map((p) => p.title)).not.toContain("取り下げ後の提案");
    expect((await h.app.store.read.proposals.listByChallenge((await call()).id)).length).toBe(1);
  });

  it("another department is refused every change, privately, and each refusal is audited; the window may change any call", async () => {
    const card = await publishFromSlack();
    const id = (await call()).id;
    // public health's staff press the buttons on the card (forged: they are in their own channel)
    for (const action of ["challenge.edit", "challenge.extend", "challenge.withdraw"]) {
      await h.slack.blockAction("U0H1", "C0HEALTH", card.__ts, { action_id: action, value: id });
      await eventually(async () => expect(await audits(`${action}.refused`)).toHaveLength(1));
      const [row] = await audits(`${action}.refused`);
      expect(row).toMatchObject({ actor: "slack:U0H1", subjectType: "challenge", subjectId: id, data: { reason: "role", channel: "C0HEALTH" } });
    }
    await eventually(() => expect(ephemeralsTo("U0H1").filter((t) => t.includes("権限がありません"))).toHaveLength(3));
    expect(h.fake.of("views.open")).toHaveLength(1); // only the publishing form: no change form opened for them
    // a submission crafted without the form is refused too
    const forged = { callback_id: "form.challenge_withdraw", private_metadata: `${id}|C0HEALTH`, blocks: [] };
    expect((await h.slack.viewSubmission("U0H1", forged, stateFor({ reason: input.text("勝手に取り下げ") }))).status).toBe(200);
    await eventually(async () => expect(await audits("form.challenge_withdraw.refused")).toHaveLength(1));
    expect(await call()).toMatchObject({ state: "open", deadline: "2026-12-20", title: "通学路の見守り", changedAt: null });
    expect(await audits("challenge.withdrawn")).toHaveLength(0);
    expect(notes.seen).toEqual([]);

    // the window (企業連携推進担当) may: it extends from its own copy of the card
    const windowCard = messageWithButton(h, "C0WINDOW", "challenge.extend");
    await press(h, "U0WIN", "C0WINDOW", windowCard, "challenge.extend");
    const extend = await openedView(h, 2);
    expect(await submit(h, "U0WIN", extend, { deadline: input.date("2026-12-25") })).toEqual({});
    expect((await audits("challenge.extended"))[0]).toMatchObject({ actor: "slack:U0WIN", data: { before: { deadline: "2026-12-20" }, after: { deadline: "2026-12-25" } } });
  });

  it("a change whose note to the companies fails is not made at all (one transaction); closing at the deadline is noted and takes the buttons off the card", async () => {
    const card = await publishFromSlack();
    const id = (await call()).id;
    notes.failNext = true;
    await expect(h.app.workflow.extendChallenge(id, { deadline: "2027-01-31" }, { platform: "slack", userId: "U0E1", channelId: "C0EDU" })).rejects.toThrow("mail queue unavailable");
    expect(await call()).toMatchObject({ deadline: "2026-12-20", changedAt: null, changeKind: null });
    expect(await audits("challenge.extended")).toHaveLength(0);
    await h.deliver();
    expect(h.fake.of("chat.update").filter((u) => u.ts === card.__ts)).toHaveLength(0);

    // the deadline passes: the sweep closes it, notes it as closed, and the card loses its buttons
    h.clock.set("2026-12-21T00:00:01+09:00");
    expect(await h.app.workflow.closeDueChallenges(h.clock.now())).toBe(1);
    expect(notes.seen.at(-1)).toEqual({ number: 1, change: "closed", state: "closed", deadline: "2026-12-20" });
    await h.deliver();
    expect(buttonsOf(latestBlocks(h, "C0EDU", card.__ts)!)).toEqual([]);
    expect(textOf(latestBlocks(h, "C0EDU", card.__ts))).toContain("締め切りました");
    // a closed call is extended no more
    await expect(h.app.workflow.extendChallenge(id, { deadline: "2027-01-31" }, { platform: "slack", userId: "U0E1", channelId: "C0EDU" })).rejects.toThrow();
  });

  it("`/partner challenge C-0001` shows the call's card with its buttons; an unknown number says so", async () => {
    await publishFromSlack();
    const responses = () => h.fake.calls.filter((c) => c.method.includes("response/")).map((c) => c.args);
    expect((await h.slack.command("U0E1", "C0EDU", "challenge C-0001")).status).toBe(200);
    const reply = await eventually(() => {
      const found = responses().find((r) => buttonsOf(r.blocks ?? []).length > 0);
      expect(found).toBeDefined();
      return found!;
    });
    expect(buttonsOf(reply.blocks).map((b) => b.action_id)).toEqual(["challenge.edit", "challenge.extend", "challenge.withdraw"]);
    expect(textOf(reply.blocks)).toContain("通学路の見守り");
    expect((await h.slack.command("U0E1", "C0EDU", "challenge C-0099")).status).toBe(200);
    await eventually(() => expect(JSON.stringify(responses().at(-1))).toContain("この募集は見つかりません"));
  });
});
