/**
 * A company withdraws its proposal (取り下げ): it tells the window, which records it from the proposal's
 * summary in its channel. Requests to departments end, their reminders stop, the company's status page
 * says so, and the program's figures count it as withdrawn (test/e2e/reports.test.ts checks the figures).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf } from "../helpers/fake-slack";
import { latestBlocks, messageWithButton, openedView, press, proposal, submit } from "../helpers/flows";
import { eventually, proposalBody, startHarness, type Harness } from "../helpers/harness";
import { input } from "../helpers/slack-client";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe("withdrawing a proposal", () => {
  it("the window records it: routings end, reminders stop, the summary and the status page say so; a department cannot", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ title: "撤回される提案" }));
    const id = res.json.id as string;
    const token = res.json.statusToken as string;
    await h.deliver();
    const summary = messageWithButton(h, "C0WINDOW", "proposal.withdraw");
    const [routing] = await h.app.store.read.routings.listByProposal(id);
    expect((await h.app.store.read.reminders.listForSubject("routing", routing.id)).some((r) => r.state === "planned")).toBe(true);

    // a department's staff cannot (the button is the window's; a forged click is refused and audited)
    await h.slack.blockAction("U0E1", "C0EDU", summary.__ts, { action_id: "proposal.withdraw", value: id });
    await eventually(async () => expect((await h.app.store.read.audit.listBetween(null, null, 0, 1000)).map((e) => e.action)).toContain("proposal.withdraw.refused"));

    await press(h, "U0WIN", "C0WINDOW", summary, "proposal.withdraw");
    const form = await openedView(h, 1);
    expect(form.callback_id).toBe("form.withdraw");
    const empty = await submit(h, "U0WIN", form, { reason: input.text("") });
    expect(empty.response_action).toBe("errors");
    expect(await submit(h, "U0WIN", form, { reason: input.text("企業から電話で取り下げの申し出") })).toEqual({});
    await eventually(async () => expect((await proposal(h, id)).status).toBe("withdrawn"));

    const [closed] = await h.app.store.read.routings.listByProposal(id);
    expect(closed.state).toBe("closed");
    expect((await h.app.store.read.reminders.listForSubject("routing", routing.id)).filter((r) => r.state === "planned")).toEqual([]);
    const withdrawn = (await h.app.store.read.audit.listBetween(null, null, 0, 1000)).find((e) => e.action === "proposal.withdrawn");
    expect(withdrawn).toMatchObject({ actor: "slack:U0WIN", data: expect.objectContaining({ from: "routing", reason: "企業から電話で取り下げの申し出" }) });

    await h.deliver();
    const updated = latestBlocks(h, "C0WINDOW", summary.__ts)!;
    expect(JSON.stringify(updated)).toContain("取り下げ");
    expect(buttonsOf(updated).map((b: any) => b.action_id)).not.toContain("proposal.withdraw");
    const page = await (await fetch(`${h.app.url}/propose/status/${token}`)).text();
    expect(page).toContain("ご提案は取り下げられました");

    // it cannot be withdrawn twice, nor taken up afterwards
    await expect(h.app.workflow.withdrawProposal(id, { reason: "again" }, { platform: "system", userId: "test" })).rejects.toThrow();
    await expect(h.app.workflow.takeUp(routing.id, {}, { platform: "system", userId: "test" })).rejects.toThrow();
  });
});
