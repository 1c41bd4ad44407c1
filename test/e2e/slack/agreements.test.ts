/** Issue 3, agreements (協定) end to end: every rule of policy §6(3) accepted and refused in the modal. */
import { explain } from "../../../src/i18n";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, textOf } from "../../helpers/fake-slack";
import { latestBlocks, messageWithButton, openedView, press, proposal, settle, submit } from "../../helpers/flows";
import { eventually, proposalBody, startHarness, type Harness } from "../../helpers/harness";
import { input, stateFor } from "../../helpers/slack-client";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const EDU = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };

/** A no-cost proposal taken up by the education department; returns its id. */
async function takenProposal(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await h.api("POST", "/api/proposals", proposalBody(overrides));
  const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
  await h.app.workflow.takeUp(routing.id, {}, EDU);
  await h.deliver();
  return res.json.id;
}

/** Opens the agreement form from the owner's routing message. */
async function agreementFormFromRouting(n = 1) {
  const owner = messageWithButton(h, "C0EDU", "agreement.register");
  await press(h, "U0E1", "C0EDU", owner, "agreement.register");
  return openedView(h, n);
}

function agreementValues(start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    companyName: input.text("株式会社みなとテック"),
    title: input.text("プログラミング教育に関する協定"),
    pattern: input.select("tech_trial"),
    departmentCode: input.select("school-education"),
    startDate: input.date(start),
    endDate: input.date(end),
    costToCity: input.check(false),
    moneyTerms: input.text(""),
    documentUrl: { type: "url_text_input", value: "https://docs.example.city/agreements/1.pdf" },
    exceptionReason: input.text(""),
    notes: input.text(""),
    ...extra,
  };
}

describe("registering an agreement", () => {
  it("the form is prefilled from the proposal and offers no auto-renewal option at all (§6(3)③)", async () => {
    await takenProposal({ desiredStart: "2027-04-01" });
    const form = await agreementFormFromRouting();
    expect(form.callback_id).toBe("form.agreement");
    const ids = form.blocks.filter((b: any) => b.type === "input").map((b: any) => b.block_id);
    expect(ids).not.toContain("autoRenew");
    expect(JSON.stringify(form.blocks)).not.toMatch(/自動更新する|auto-renew/i);
    expect(JSON.stringify(form.blocks)).toContain("自動更新されません");
    const start = form.blocks.find((b: any) => b.block_id === "startDate");
    expect(start.element.initial_date).toBe("2027-04-01");
  });

  it("end after start: an end on or before the start is refused in the modal", async () => {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    const answer = await submit(h, "U0E1", form, agreementValues("2027-04-01", "2027-04-01"));
    expect(answer.response_action).toBe("errors");
    expect(answer.errors.endDate).toContain("開始日より後");
    expect((await proposal(h, id)).agreements).toEqual([]);
  });

  it("§6(3)② term is at most two years: a longer term is refused without an exception reason", async () => {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    const answer = await submit(h, "U0E1", form, agreementValues("2027-04-01", "2029-04-01"));
    expect(answer.response_action).toBe("errors");
    expect(answer.errors.endDate).toContain("最長2年");
    expect(answer.errors.endDate).toContain("2029-03-31");
    expect((await proposal(h, id)).agreements).toEqual([]);
  });

  it("a modal answered with field errors and submitted again after the fix (same view, same hash) is processed", async () => {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    const send = (end: string) => h.slack.viewSubmission("U0E1", form, stateFor(agreementValues("2027-04-01", end)), { viewId: "V0SAME", hash: "hash.same" });
    const first = (await (await send("2029-04-01")).json()) as any;
    expect(first.response_action).toBe("errors");
    const second = await send("2029-03-31");
    expect(second.status).toBe(200);
    expect(await second.text()).toBe("");
    expect((await proposal(h, id)).agreements).toEqual([expect.objectContaining({ endDate: "2029-03-31", state: "active" })]);
    // the same corrected submission delivered again is dropped
    await send("2029-03-31");
    expect((await proposal(h, id)).agreements).toHaveLength(1);
  });

  it("§6(3)② exactly two years is accepted; the agreement is active and the proposal concluded", async () => {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    const answer = await submit(h, "U0E1", form, agreementValues("2027-04-01", "2029-03-31"));
    expect(answer).toEqual({});
    const view = await proposal(h, id);
    expect(view.status).toBe("concluded");
    expect(view.agreements).toEqual([expect.objectContaining({ kind: "agreement", state: "active", startDate: "2027-04-01", endDate: "2029-03-31" })]);
    await h.deliver();
    const card = messageWithButton(h, "C0EDU", "agreement.renew");
    expect(textOf(card.blocks)).toContain("A-0001");
    expect(textOf(card.blocks)).toContain("自動更新されません");
    expect(messageWithButton(h, "C0WINDOW", "agreement.renew")).toBeDefined();
    await eventually(() => expect(h.fake.of("chat.postEphemeral").map((e) => e.text).join()).toContain("協定 A-0001 を登録しました"));
  });

  it("§6(3)② a longer term with an exception reason waits for the window's approval", async () => {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    const answer = await submit(h, "U0E1", form, agreementValues("2027-04-01", "2030-03-31", { exceptionReason: input.text("3か年の実証計画のため") }));
    expect(answer).toEqual({});
    let view = await proposal(h, id);
    expect(view.agreements[0].state).toBe("pending_exception");
    expect(view.status).toBe("taken");
    await h.deliver();
    const pending = messageWithButton(h, "C0WINDOW", "agreement.approve_exception");
    await press(h, "U0E1", "C0EDU", pending, "agreement.approve_exception"); // a department cannot approve its own exception
    await eventually(() => expect(h.fake.of("chat.postEphemeral").map((e) => e.text).join()).toContain("権限がありません"));
    expect((await proposal(h, id)).agreements[0].state).toBe("pending_exception");
    await press(h, "U0WIN", "C0WINDOW", pending, "agreement.approve_exception");
    await settle(h, async () => expect((await proposal(h, id)).agreements[0].state).toBe("active"));
    view = await proposal(h, id);
    expect(view.status).toBe("concluded");
    const detail = (await h.api("GET", `/api/agreements/${view.agreements[0].id}`)).json;
    expect(detail).toMatchObject({ exceptionReason: "3か年の実証計画のため", exceptionApprovedBy: "slack:U0WIN" });
    // the notice names the approver with a real mention, never an internal id
    await h.deliver();
    const notices = h.fake.of("chat.postMessage").map((m) => JSON.stringify(m)).filter((m) => m.includes("窓口が承認しました"));
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      expect(n).toContain("<@U0WIN>");
      expect(n).not.toContain("slack:");
      expect(n).not.toContain("&lt;@");
    }
  });

  it("§6(3)③ a request for automatic renewal is refused", async () => {
    const id = await takenProposal();
    await expect(
      h.app.workflow.registerAgreement(
        { proposalId: id, companyName: "株式会社みなとテック", title: "t", pattern: "other", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31", autoRenew: true },
        EDU,
      ),
    ).rejects.toMatchObject({ code: "invalid", issues: [expect.objectContaining({ path: "autoRenew", reason: "agreement.terms.autoRenew" })] });
    // the use case raises the code; the words are the edge's
    expect(explain(h.app.workflow.ctx.t, { reason: "agreement.terms.autoRenew" })).toContain("自動更新はできません");
  });

  it("§5(1) a co-hosted project with cost to the city cannot become an agreement without an approving round", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ pattern: "co_hosting", costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, { opinion: "妥当" }, EDU);
    const attempt = { proposalId: res.json.id, companyName: "株式会社みなとテック", title: "t", pattern: "co_hosting", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31", costToCity: true };
    await expect(h.app.workflow.registerAgreement(attempt, EDU)).rejects.toMatchObject({ code: "invalid" });
    // checking "no cost" in the form does not get around it: the proposal's cost counts
    await expect(h.app.workflow.registerAgreement({ ...attempt, costToCity: false }, EDU)).rejects.toMatchObject({ code: "invalid" });
    const round = (await proposal(h, res.json.id)).rounds[0];
    for (const u of ["U0CHAIR", "U0M1", "U0M2"]) await h.app.workflow.vote(round.id, { choice: "approve" }, { platform: "slack", userId: u });
    const ok = await h.app.workflow.registerAgreement(attempt, EDU);
    expect(ok.state).toBe("active");
  });

  it("§5(1) the refusal for a missing board approval is shown in the modal", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, { opinion: "妥当" }, EDU);
    // the board answers "changes": the owner gets the "send to board" button only, but a stale form could still arrive
    const form = (await import("../../../src/app/agreements/forms")).agreementForm(h.app.ctx.t, h.app.ctx.dir, `proposal:${res.json.id}`);
    const view = { callback_id: form.formId, private_metadata: `proposal:${res.json.id}|C0EDU`, blocks: [], title: {}, close: {}, submit: {} };
    const answer = await submit(h, "U0E1", view, agreementValues("2027-04-01", "2028-03-31"));
    expect(answer.response_action).toBe("errors");
    expect(Object.values(answer.errors).join()).toMatch(/まだ協定にできません|審査会の承認/);
  });
});

describe("renewal and ending (§6(3)③)", () => {
  async function activeAgreement(): Promise<string> {
    const id = await takenProposal();
    const form = await agreementFormFromRouting();
    await submit(h, "U0E1", form, agreementValues("2025-04-01", "2027-03-31"));
    return (await proposal(h, id)).agreements[0].id;
  }

  it("renew opens a draft successor linked to the old agreement; completing it runs the same checks", async () => {
    const oldId = await activeAgreement();
    await h.deliver();
    const card = messageWithButton(h, "C0EDU", "agreement.renew");
    await press(h, "U0E1", "C0EDU", card, "agreement.renew");
    const form = await openedView(h, 2);
    expect(form.private_metadata).toMatch(/^draft:/);
    expect(form.blocks.find((b: any) => b.block_id === "startDate").element.initial_date).toBe("2027-04-01");
    expect(form.blocks.find((b: any) => b.block_id === "endDate").element.initial_date).toBe("2029-03-31");
    let detail = (await h.api("GET", `/api/agreements/${oldId}`)).json;
    expect(detail.successor).toMatchObject({ state: "draft", number: "A-0002" });
    expect(detail.endDecision).toBe("renew");

    const tooLong = await submit(h, "U0E1", form, agreementValues("2027-04-01", "2029-04-30"));
    expect(tooLong.errors.endDate).toContain("最長2年");
    expect(await submit(h, "U0E1", form, agreementValues("2027-04-01", "2029-03-31"))).toEqual({});
    detail = (await h.api("GET", `/api/agreements/${oldId}`)).json;
    expect(detail.successor).toMatchObject({ state: "active" });
    const successor = (await h.api("GET", `/api/agreements/${detail.successor.id}`)).json;
    expect(successor.predecessor).toMatchObject({ id: oldId, number: "A-0001" });
    await h.deliver();
    expect(buttonsOf(latestBlocks(h, "C0EDU", card.__ts)!).map((b) => b.action_id)).toEqual([]);
  });

  it("a renewal whose term costs the city money goes to the board again", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, { opinion: "妥当" }, EDU);
    const round1 = (await proposal(h, res.json.id)).rounds[0];
    for (const u of ["U0CHAIR", "U0M1", "U0M2"]) await h.app.workflow.vote(round1.id, { choice: "approve" }, { platform: "slack", userId: u });
    const base = { companyName: "株式会社みなとテック", title: "t", pattern: "tech_trial", departmentCode: "school-education", costToCity: true };
    const first = await h.app.workflow.registerAgreement({ ...base, proposalId: res.json.id, startDate: "2025-04-01", endDate: "2027-03-31" }, EDU);
    const draft = await h.app.workflow.startRenewal(first.id, EDU);
    const view = await proposal(h, res.json.id);
    expect(view.rounds.map((r: any) => r.state)).toEqual(["approved", "open"]);
    await expect(h.app.workflow.registerAgreement({ ...base, draftId: draft.id, startDate: "2027-04-01", endDate: "2029-03-31" }, EDU)).rejects.toMatchObject({ code: "invalid" });
    for (const u of ["U0CHAIR", "U0M1", "U0M2"]) await h.app.workflow.vote(view.rounds[1].id, { choice: "approve" }, { platform: "slack", userId: u });
    expect((await h.app.workflow.registerAgreement({ ...base, draftId: draft.id, startDate: "2027-04-01", endDate: "2029-03-31" }, EDU)).state).toBe("active");
  });

  it("let it end records the decision", async () => {
    const id = await activeAgreement();
    await h.deliver();
    const card = messageWithButton(h, "C0EDU", "agreement.let_end");
    await press(h, "U0E1", "C0EDU", card, "agreement.let_end");
    await settle(h, async () => expect((await h.api("GET", `/api/agreements/${id}`)).json.endDecision).toBe("let_end"));
    expect((await h.api("GET", `/api/agreements/${id}`)).json.events.map((e: any) => e.action)).toContain("agreement.let_end");
  });
});

describe("a light initiative without an agreement (§6(3) ただし書き)", () => {
  it("is recorded with who agreed and why, tracked without an end date", async () => {
    const id = await takenProposal({ pattern: "other" });
    const owner = messageWithButton(h, "C0EDU", "agreement.no_agreement");
    await press(h, "U0E1", "C0EDU", owner, "agreement.no_agreement");
    const form = await openedView(h, 1);
    expect((await submit(h, "U0E1", form, { consentBy: input.text(""), reason: input.text("") })).response_action).toBe("errors");
    await submit(h, "U0E1", form, { consentBy: input.text("学校教育部長・同社CSR部長"), reason: input.text("出前授業1回のみで金銭のやりとりなし") });
    await settle(h, async () => expect((await proposal(h, id)).status).toBe("concluded"));
    const a = (await proposal(h, id)).agreements[0];
    expect(a).toMatchObject({ kind: "no_agreement", state: "active", endDate: null });
    const detail = (await h.api("GET", `/api/agreements/${a.id}`)).json;
    expect(detail).toMatchObject({ consentBy: "学校教育部長・同社CSR部長", consentReason: "出前授業1回のみで金銭のやりとりなし" });
  });

  it("is refused when the city would pay", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, { opinion: "x" }, EDU);
    await expect(h.app.workflow.recordNoAgreement(res.json.id, { consentBy: "a", reason: "b" }, EDU)).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("lists, templates and the API", () => {
  it("/partner agreements lists by state and end date; GET /api/agreements too", async () => {
    const id1 = await takenProposal({ title: "一件目" });
    await h.app.workflow.registerAgreement({ proposalId: id1, companyName: "A社", title: "遅く終わる協定", pattern: "other", departmentCode: "school-education", startDate: "2026-04-01", endDate: "2028-03-31" }, EDU);
    const id2 = await takenProposal({ title: "二件目" });
    await h.app.workflow.registerAgreement({ proposalId: id2, companyName: "B社", title: "早く終わる協定", pattern: "other", departmentCode: "school-education", startDate: "2026-04-01", endDate: "2027-03-31" }, EDU);
    await h.slack.command("U0E1", "C0EDU", "agreements");
    const reply = await eventually(() => {
      const r = h.fake.calls.find((c) => c.method.startsWith("/response"));
      expect(r).toBeDefined();
      return JSON.stringify(r!.args.blocks);
    });
    expect(reply.indexOf("早く終わる協定")).toBeGreaterThan(0);
    expect(reply.indexOf("早く終わる協定")).toBeLessThan(reply.indexOf("遅く終わる協定"));
    const list = (await h.api("GET", "/api/agreements?state=active")).json.agreements;
    expect(list.map((a: any) => a.title)).toEqual(["早く終わる協定", "遅く終わる協定"]);
    expect((await h.api("GET", "/api/agreements?state=bogus")).status).toBe(400);
    expect((await h.api("GET", "/api/agreements/nope")).status).toBe(404);
  });

  it("§6(4)① /partner template hands out the template and the procedure checklist for the pattern", async () => {
    await h.slack.command("U0E1", "C0EDU", "template tech_trial");
    const reply = await eventually(() => {
      const r = h.fake.calls.find((c) => c.method.startsWith("/response"));
      expect(r).toBeDefined();
      return r!.args;
    });
    const all = JSON.stringify(reply.blocks);
    expect(all).toContain("協定手順チェックリスト");
    expect(all).toContain("システム等の開発経費");
    expect(all).toContain("自動更新しない");
    expect(all).toContain("最長２年");
    await h.slack.command("U0E1", "C0EDU", "template nonsense");
    await eventually(() => expect(h.fake.calls.filter((c) => c.method.startsWith("/response")).map((c) => c.args.text).join().replace(/\u200B/g, "")).toContain("co_hosting"));
  });
});
