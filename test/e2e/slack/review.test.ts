/**
 * Issue 3, review board (連携事業審査会) end to end: a proposal that costs the city money is decided by
 * the board in a Slack thread, with signed block_actions and view_submission payloads.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, textOf } from "../../helpers/fake-slack";
import { latestBlocks, messageWithButton, openedView, press, proposal, settle, submit, threadOf } from "../../helpers/flows";
import { eventually, proposalBody, startHarness, type Harness } from "../../helpers/harness";
import { input } from "../../helpers/slack-client";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const costly = () =>
  proposalBody({ title: "がん患者の外見ケア支援事業", summary: "ウィッグ購入費の一部を区が負担し共同で相談会を開く", fields: ["health"], pattern: "co_hosting", costToCity: true });

/** Intake → the health department takes it up with its opinion → round 1 is open on the board. */
async function toBoard(): Promise<{ id: string; card: any }> {
  const res = await h.api("POST", "/api/proposals", costly());
  await h.deliver();
  const routing = messageWithButton(h, "C0HEALTH", "proposal.take");
  await press(h, "U0H1", "C0HEALTH", routing, "proposal.take");
  const form = await openedView(h, 1);
  expect(form.callback_id).toBe("form.take_up");
  expect(JSON.stringify(form.blocks)).toContain("方針第5(1)");
  const empty = await submit(h, "U0H1", form, { opinion: input.text("") });
  expect(empty.response_action).toBe("errors");
  await submit(h, "U0H1", form, { opinion: input.text("区民ニーズが高く、費用は妥当") });
  await settle(h, async () => expect((await proposal(h, res.json.id)).status).toBe("in_review"));
  const card = messageWithButton(h, "C0BOARD", "review.approve");
  // the company's contact details go to the department and the window, not to the board
  expect(textOf(routing.blocks)).toContain("山田花子");
  expect(JSON.stringify(h.fake.posted("C0BOARD"))).not.toMatch(/山田花子|hanako@example\.co\.jp|03-1234-5678/);
  return { id: res.json.id, card };
}

async function voteBy(user: string, card: any, actionId: string, opts = {}) {
  await press(h, user, "C0BOARD", card, actionId, opts);
}

describe("§5(1) a proposal that costs the city money goes to the review board", () => {
  it("posts a review card with the facts, the department's opinion and five buttons", async () => {
    const { card } = await toBoard();
    const text = textOf(card.blocks);
    expect(text).toContain("株式会社みなとテック");
    expect(text).toContain("事業の共同主催");
    expect(text).toContain("区民ニーズが高く、費用は妥当");
    expect(buttonsOf(card.blocks).map((b) => b.action_id)).toEqual(["review.approve", "review.reject", "review.changes", "review.recuse", "review.close"]);
    expect(buttonsOf(card.blocks).map((b: any) => b.text.text)).toEqual(["承認", "否決", "差戻し", "利害関係により回避", "審査を締め切る（会長）"]);
  });

  it("a full round to approval: the card shows the tally and names, the decision goes to the thread, the department and the window", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0CHAIR", card, "review.approve");
    await voteBy("U0M1", card, "review.approve");
    await settle(h, async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(2));
    expect((await proposal(h, id)).status).toBe("in_review"); // 2 of 5: not yet clear
    await voteBy("U0M2", card, "review.approve");
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("approved"));
    const view = await proposal(h, id);
    expect(view.rounds[0]).toMatchObject({ number: 1, state: "approved", closeReason: "majority" });
    expect(view.rounds[0].votes.map((v: any) => [v.member, v.choice])).toEqual([["U0CHAIR", "approve"], ["U0M1", "approve"], ["U0M2", "approve"]]);
    const blocks = latestBlocks(h, "C0BOARD", card.__ts)!;
    expect(buttonsOf(blocks)).toEqual([]);
    expect(textOf(blocks)).toContain("承認 3 / 否決 0");
    expect(textOf(blocks)).toContain("審査会長、委員1、委員2");
    expect(threadOf(h, "C0BOARD", card.__ts).join()).toContain("承認されました");
    const owner = messageWithButton(h, "C0HEALTH", "agreement.register");
    expect(threadOf(h, "C0HEALTH", owner.__ts).join()).toContain("承認されました");
    const summary = h.fake.posted("C0WINDOW").find((m) => !m.thread_ts)!;
    expect(threadOf(h, "C0WINDOW", summary.__ts).join()).toContain("承認されました");
  });

  it("a full round to rejection", async () => {
    const { id, card } = await toBoard();
    for (const u of ["U0M1", "U0M2", "U0M3"]) await voteBy(u, card, "review.reject");
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("rejected"));
    expect(textOf(latestBlocks(h, "C0BOARD", card.__ts))).toContain("否決されました");
  });

  it("changes requested go back to the department with the board's comments; the next round is a new round and history stays", async () => {
    const { id, card } = await toBoard();
    for (const [i, u] of ["U0CHAIR", "U0M1", "U0M2"].entries()) {
      await voteBy(u, card, "review.changes");
      const form = await openedView(h, 2 + i);
      expect(form.callback_id).toBe("form.vote");
      if (i === 0) expect((await submit(h, u, form, { comment: input.text("") })).response_action).toBe("errors");
      await submit(h, u, form, { comment: input.text(`費用の内訳を示してください(${u})`) });
      await eventually(async () => expect((await proposal(h, id)).events.filter((e: any) => e.action === "review.vote")).toHaveLength(i + 1));
    }
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("changes_requested"));
    const owner = messageWithButton(h, "C0HEALTH", "proposal.to_board");
    expect(threadOf(h, "C0HEALTH", owner.__ts).join()).toContain("費用の内訳を示してください(U0CHAIR)");

    await press(h, "U0H1", "C0HEALTH", owner, "proposal.to_board");
    const form = await openedView(h, 5);
    await submit(h, "U0H1", form, { opinion: input.text("内訳を添付しました") });
    await settle(h, async () => expect((await proposal(h, id)).rounds).toHaveLength(2));
    const view = await proposal(h, id);
    expect(view.status).toBe("in_review");
    expect(view.rounds.map((r: any) => [r.number, r.state])).toEqual([[1, "changes_requested"], [2, "open"]]);
    expect(view.rounds[0].votes).toHaveLength(3);
    const second = messageWithButton(h, "C0BOARD", "review.approve");
    expect(second.__ts).not.toBe(card.__ts);
    expect(textOf(second.blocks)).toContain("第2回");
    expect(textOf(second.blocks)).toContain("#1 差戻し");
  });

  it("an outsider's click is refused privately and nothing is recorded", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0EDU1", card, "review.approve");
    const eph = await eventually(() => {
      const e = h.fake.of("chat.postEphemeral").filter((x) => x.user === "U0EDU1");
      expect(e).toHaveLength(1);
      return e[0];
    });
    expect(eph.text).toContain("権限がありません");
    const view = await proposal(h, id);
    expect(view.rounds[0].votes).toEqual([]);
    expect(view.events.map((e: any) => e.action)).toContain("review.approve.refused");
  });

  it("the same click delivered three times (retries) counts once", async () => {
    const { id, card } = await toBoard();
    for (const retryNum of [undefined, 1, 2]) await voteBy("U0M1", card, "review.approve", { actionTs: "1795000001.000001", retryNum });
    await settle(h, async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    expect((await proposal(h, id)).events.filter((e: any) => e.action === "review.vote")).toHaveLength(1);
  });

  it("a recused member does not count toward quorum", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0M3", card, "review.recuse");
    await voteBy("U0M4", card, "review.recuse");
    await voteBy("U0CHAIR", card, "review.approve");
    await voteBy("U0M1", card, "review.approve");
    await settle(h, async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(4));
    expect((await proposal(h, id)).status).toBe("in_review"); // four pressed, but only two count: quorum is 3
    expect(textOf(latestBlocks(h, "C0BOARD", card.__ts))).toContain("回避 2");
    await voteBy("U0M2", card, "review.reject");
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("approved")); // 2:1 with none outstanding
  });

  it("a member may change the vote until the round closes; one vote per member", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0M1", card, "review.approve");
    await eventually(async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(1));
    await voteBy("U0M1", card, "review.reject");
    await eventually(async () => expect((await proposal(h, id)).rounds[0].votes[0].choice).toBe("reject"));
    expect((await proposal(h, id)).rounds[0].votes).toHaveLength(1);
    // the card is the voter's confirmation (it names every voter): no private message per click
    await h.deliver();
    const updates = h.fake.of("chat.update").filter((u) => u.channel === "C0BOARD" && u.ts === card.__ts);
    expect(textOf(updates.at(-1)!.blocks)).toContain("否決: 委員1");
    expect(textOf(updates.at(-1)!.blocks)).not.toContain("承認: 委員1");
    expect(h.fake.of("chat.postEphemeral")).toEqual([]);
  });

  it("only the chair closes a round; without quorum it ends with no decision and returns to the department", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0M1", card, "review.approve");
    await voteBy("U0M2", card, "review.close");
    await eventually(() => expect(h.fake.of("chat.postEphemeral").map((e) => e.text).join()).toContain("権限がありません"));
    expect((await proposal(h, id)).status).toBe("in_review");
    await voteBy("U0CHAIR", card, "review.close");
    await settle(h, async () => expect((await proposal(h, id)).rounds[0].state).toBe("no_decision"));
    expect((await proposal(h, id)).status).toBe("taken");
  });

  it("the chair closing with the quorum voted decides by plurality", async () => {
    const { id, card } = await toBoard();
    await voteBy("U0M1", card, "review.approve");
    await voteBy("U0M2", card, "review.approve");
    await voteBy("U0M3", card, "review.reject");
    await eventually(async () => expect((await proposal(h, id)).rounds[0].votes).toHaveLength(3));
    await voteBy("U0CHAIR", card, "review.close");
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("approved"));
    expect((await proposal(h, id)).rounds[0].closeReason).toBe("chair");
  });

  it("a round closes itself at its deadline (10 business days by default)", async () => {
    const { id } = await toBoard();
    const deadline = new Date((await proposal(h, id)).rounds[0].deadline);
    expect(await h.app.workflow.closeDueRounds(new Date(deadline.getTime() - 1000))).toBe(0);
    expect(await h.app.workflow.closeDueRounds(deadline)).toBe(1);
    const view = await proposal(h, id);
    expect(view.rounds[0]).toMatchObject({ state: "no_decision", closeReason: "deadline" });
  });

  it("the window can send any proposal to the board", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody());
    await h.deliver();
    await h.app.workflow.takeUp((await h.app.store.read.routings.listByProposal(res.json.id))[0].id, {}, { platform: "slack", userId: "U0E", channelId: "C0EDU" });
    await expect(h.app.workflow.sendToBoard(res.json.id, { opinion: "念のため" }, { platform: "slack", userId: "U0HX", channelId: "C0HEALTH" })).rejects.toMatchObject({ code: "forbidden" });
    await h.app.workflow.sendToBoard(res.json.id, { opinion: "念のため" }, { platform: "slack", userId: "U0WIN", channelId: "D0DM" });
    expect((await proposal(h, res.json.id)).status).toBe("in_review");
  });
});
