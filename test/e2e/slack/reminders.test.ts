/**
 * Issue 4: reminders that never miss and never repeat, with a controllable clock, the real server and
 * a fake Slack. Business days are Asia/Tokyo's: weekends, national holidays and 年末年始 move a due day back.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf } from "../../helpers/fake-slack";
import { messageWithButton, openedView, press, proposal, settle, submit } from "../../helpers/flows";
import { proposalBody, startHarness, TestClock, type Harness } from "../../helpers/harness";
import { input } from "../../helpers/slack-client";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: new TestClock(new Date("2026-06-01T00:00:00Z")) });
});
afterEach(async () => {
  await h.cleanup();
});

const HEADER = "company,corporate_number,title,department,pattern,start,end,city_cost,exception_reason,notes";

async function importOne(end: string, start = "2025-06-01"): Promise<string> {
  const res = await h.app.workflow.importAgreements(`${HEADER}\n港エナジー,,省エネ診断 ${end},school-education,other,${start},${end},false,,\n`);
  expect(res.problems).toEqual([]);
  const list = await h.app.workflow.listAgreements();
  return list.find((a) => a.endDate === end)!.id;
}

/** Runs a sweep at `iso` and delivers; returns the texts posted to a channel by that sweep. */
async function sweepAt(iso: string, channel = "C0EDU") {
  h.clock.set(iso);
  const before = h.fake.posted(channel).length;
  const report = await h.app.workflow.runSweep(h.clock.now());
  await h.deliver();
  return { report, posted: h.fake.posted(channel).slice(before) };
}

describe("agreement expiry: each lead time once, on the right business day", () => {
  it("fires 90, 60, 30, 7 and 1 days before the end, moved back over weekends and 年末年始", async () => {
    await importOne("2027-03-31");
    // lead → due day (Asia/Tokyo) at 09:00: 90 → 12/31 (年末年始) → 12/28; 60 → 1/30 (Sat) → 1/29; 30 → 3/1; 7 → 3/24; 1 → 3/30
    const expected = [
      ["2026-12-28", "90"],
      ["2027-01-29", "60"],
      ["2027-03-01", "30"],
      ["2027-03-24", "7"],
      ["2027-03-30", "1"],
    ];
    for (const [day, lead] of expected) {
      const justBefore = await sweepAt(new Date(Date.parse(`${day}T09:00:00+09:00`) - 60_000).toISOString());
      expect(justBefore.posted, `nothing before ${day}`).toEqual([]);
      const at = await sweepAt(`${day}T09:00:00+09:00`);
      expect(at.posted, `lead ${lead} on ${day}`).toHaveLength(1);
      expect(at.posted[0].text).toContain("2027年3月31日（水）に終了します");
      expect(at.posted[0].text).toContain("自動更新されません");
      expect(buttonsOf(at.posted[0].blocks).map((b) => b.action_id)).toEqual(["agreement.renew", "agreement.let_end"]);
      expect(at.posted[0].blocks.some((b: any) => JSON.stringify(b).includes("遅れて送信"))).toBe(false);
      // the window hears it too
      expect(h.fake.posted("C0WINDOW").at(-1)!.text).toBe(at.posted[0].text);
      // a second sweep at the same time sends nothing
      expect((await sweepAt(`${day}T09:00:00+09:00`)).posted).toEqual([]);
    }
  });

  it("元日 and a Monday holiday move the reminder to the business day before", async () => {
    await importOne("2027-04-01"); // 90 days before = 2027-01-01 (元日, 年末年始) → 2026-12-28
    await importOne("2027-02-10"); // 30 days before = 2027-01-11 (成人の日, Monday) → 2027-01-08
    expect((await sweepAt("2026-12-28T08:59:00+09:00")).posted.map((m) => m.text).join()).not.toContain("2027年4月1日");
    const yearEnd = await sweepAt("2026-12-28T09:00:00+09:00");
    expect(yearEnd.posted.map((m) => m.text).join()).toContain("2027年4月1日（木）に終了します");
    expect((await sweepAt("2027-01-08T08:59:00+09:00")).posted.map((m) => m.text).join()).not.toContain("2027-02-10");
    const monday = await sweepAt("2027-01-08T09:00:00+09:00");
    expect(monday.posted.map((m) => m.text).join()).toContain("2027年2月10日（水）に終了します");
  });

  it("after the bot was down across two lead times, one late reminder (the nearest) is sent", async () => {
    const id = await importOne("2027-03-31");
    await sweepAt("2027-02-26T09:00:00+09:00"); // before the 30-day lead
    const after = await sweepAt("2027-03-25T10:00:00+09:00"); // 30- and 7-day leads both passed while down
    expect(after.posted).toHaveLength(1);
    expect(after.posted[0].text).toContain("あと6日");
    expect(JSON.stringify(after.posted[0].blocks)).toContain("遅れて送信");
    expect(after.report.items.filter((i) => i.outcome === "skipped").map((i) => i.reminder)).toEqual([`expiry:${id}:2027-03-31:30`]);
    expect((await sweepAt("2027-03-25T10:10:00+09:00")).posted).toEqual([]);
  });

  it("Slack answering 429 twice then 200 delivers exactly one message, and it is marked sent only then", async () => {
    const id = await importOne("2027-03-31");
    h.fake.fail("chat.postMessage", 429, 2, { "retry-after": "1" });
    h.clock.set("2027-03-30T09:00:00+09:00");
    await h.app.workflow.runSweep(h.clock.now());
    await h.deliver();
    const rows = () => h.app.store.read.reminders.listForSubject("agreement", id);
    expect((await rows()).find((r) => r.key.endsWith(":1"))!.state).toBe("queued");
    for (let i = 0; i < 3; i++) {
      h.clock.advance(5_000);
      await h.deliver();
    }
    expect(h.fake.calls.filter((c) => c.method === "chat.postMessage" && !c.ok)).toHaveLength(2);
    expect(h.fake.posted("C0EDU")).toHaveLength(1);
    expect(h.fake.posted("C0WINDOW")).toHaveLength(1);
    expect((await rows()).find((r) => r.key.endsWith(":1"))!.state).toBe("sent");
    expect((await sweepAt("2027-03-30T09:20:00+09:00")).posted).toEqual([]);
  });

  it("on the end date the agreement becomes ended, and the bot says so", async () => {
    const id = await importOne("2027-03-31");
    const end = await sweepAt("2027-03-31T09:00:00+09:00");
    expect(end.posted.map((m) => m.text).join()).toContain("協定期間が終了しました");
    expect((await h.api("GET", `/api/agreements/${id}`)).json.state).toBe("ended");
  });

  it("'let it end' records the decision and stops the remaining expiry reminders", async () => {
    const id = await importOne("2027-03-31");
    const first = await sweepAt("2026-12-28T09:00:00+09:00");
    await press(h, "U0E1", "C0EDU", first.posted[0], "agreement.let_end");
    await settle(h, async () => expect((await h.api("GET", `/api/agreements/${id}`)).json.endDecision).toBe("let_end"));
    const later = await sweepAt("2027-01-29T09:00:00+09:00");
    expect(later.posted.filter((m) => m.text.includes("終了します"))).toEqual([]);
  });
});

describe("silence: a routing nobody takes up", () => {
  it("is reminded to the department after N business days, then escalated to the window", async () => {
    h.clock.set("2026-12-24T10:00:00+09:00"); // Thursday before 年末年始
    const res = await h.api("POST", "/api/proposals", proposalBody());
    await h.deliver();
    // 3 business days: 12/25, 12/28, 1/4 → 2027-01-04 09:00; escalation after 6: 1/5, 1/6, 1/7 → 2027-01-07
    expect((await sweepAt("2027-01-04T08:59:00+09:00")).posted).toEqual([]);
    const reminder = await sweepAt("2027-01-04T09:00:00+09:00");
    expect(reminder.posted).toHaveLength(1);
    expect(reminder.posted[0].text).toContain("3営業日");
    expect(reminder.posted[0].thread_ts).toBeDefined();
    const escalation = await sweepAt("2027-01-07T09:00:00+09:00", "C0WINDOW");
    expect(escalation.posted).toHaveLength(1);
    expect(escalation.posted[0].text).toContain("まだ引き受けられていません");
    expect((await proposal(h, res.json.id)).events.map((e: any) => e.action)).toEqual(expect.arrayContaining(["reminder.silence", "reminder.silence_escalation"]));
  });

  it("is not sent once the proposal was taken up", async () => {
    h.clock.set("2027-01-12T10:00:00+09:00");
    const res = await h.api("POST", "/api/proposals", proposalBody());
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, {}, { platform: "slack", userId: "U0E1", channelId: "C0EDU" });
    await h.deliver();
    const before = h.fake.posted("C0EDU").length + h.fake.posted("C0WINDOW").length;
    await sweepAt("2027-01-25T09:00:00+09:00");
    expect(h.fake.posted("C0EDU").length + h.fake.posted("C0WINDOW").length).toBe(before);
  });
});

describe("board members who have not voted", () => {
  it("are reminded before the round's deadline, by name", async () => {
    h.clock.set("2027-02-01T10:00:00+09:00");
    const res = await h.api("POST", "/api/proposals", proposalBody({ costToCity: true }));
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, { opinion: "妥当" }, { platform: "slack", userId: "U0E1", channelId: "C0EDU" });
    const round = (await proposal(h, res.json.id)).rounds[0];
    await h.app.workflow.vote(round.id, { choice: "approve" }, { platform: "slack", userId: "U0CHAIR" });
    await h.deliver();
    // deadline: 10 business days after 2/1 (2/11 is a holiday) = 2/16; reminder 2 business days before = 2/12
    expect(round.deadline).toBe("2027-02-16T08:00:00.000Z");
    const r = await sweepAt("2027-02-12T09:00:00+09:00", "C0BOARD");
    expect(r.posted).toHaveLength(1);
    expect(r.posted[0].text).toContain("<@U0M1>");
    expect(r.posted[0].text).not.toContain("<@U0CHAIR>");
    const closed = await sweepAt("2027-02-16T17:00:00+09:00", "C0BOARD");
    expect(closed.report.roundsClosed).toBe(1);
  });
});

describe("follow-up after conclusion (§6(4)②③)", () => {
  async function concluded(): Promise<string> {
    h.clock.set("2026-10-15T10:00:00+09:00");
    const res = await h.api("POST", "/api/proposals", proposalBody());
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    const edu = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };
    await h.app.workflow.takeUp(routing.id, {}, edu);
    const a = await h.app.workflow.registerAgreement({ proposalId: res.json.id, companyName: "株式会社みなとテック", title: "出前授業", pattern: "tech_trial", departmentCode: "school-education", startDate: "2026-11-01", endDate: "2028-10-31" }, edu);
    await h.deliver();
    return a.id;
  }

  it("asks for a status report N months after conclusion; the report is stored and listed", async () => {
    const id = await concluded();
    // 3 months after 2026-10-15 = 2027-01-15 (Friday)
    expect((await sweepAt("2027-01-15T08:59:00+09:00")).posted).toEqual([]);
    const ask = await sweepAt("2027-01-15T09:00:00+09:00");
    expect(ask.posted).toHaveLength(1);
    expect(ask.posted[0].text).toContain("実施状況を報告してください");
    await press(h, "U0E1", "C0EDU", ask.posted[0], "agreement.report");
    const form = await openedView(h, 1);
    expect((await submit(h, "U0E1", form, { status: input.select(null), done: input.text("") })).response_action).toBe("errors");
    await submit(h, "U0E1", form, { status: input.select("on_track"), done: input.text("区立小学校3校で講座を実施"), outcomes: input.text("児童120名が参加"), problems: input.text("") });
    await settle(h, async () => expect((await h.api("GET", `/api/agreements/${id}`)).json.reports).toHaveLength(1));
    const detail = (await h.api("GET", `/api/agreements/${id}`)).json;
    expect(detail.reports[0]).toMatchObject({ status: "on_track", done: "区立小学校3校で講座を実施", outcomes: "児童120名が参加" });
    await h.slack.command("U0E1", "C0EDU", "agreements");
    await settle(h, () => expect(JSON.stringify(h.fake.calls.find((c) => c.method.startsWith("/response"))?.args.blocks)).toContain("最新の報告: 順調"));
    // answered: no chase
    expect((await sweepAt("2027-02-15T09:00:00+09:00")).posted.filter((m) => m.text.includes("まだ届いていません"))).toEqual([]);
  });

  it("an overdue report is chased", async () => {
    await concluded();
    await sweepAt("2027-01-15T09:00:00+09:00");
    // 10 business days after 1/15: 1/18 … 1/29
    expect((await sweepAt("2027-01-28T09:00:00+09:00")).posted).toEqual([]);
    const chase = await sweepAt("2027-01-29T09:00:00+09:00");
    expect(chase.posted).toHaveLength(1);
    expect(chase.posted[0].text).toContain("まだ届いていません");
    expect(messageWithButton(h, "C0EDU", "agreement.report", 1)).toBeDefined();
  });
});

describe("a sweep survives a broken reminder", () => {
  it("sends the others, and leaves the broken one planned for the next sweep", async () => {
    const a = await importOne("2027-03-31");
    const b = await importOne("2027-04-30", "2025-07-01");
    const bad = (await h.app.store.read.reminders.listForSubject("agreement", a)).find((r) => r.key.endsWith(":60"))!;
    const store = h.app.ctx.store;
    const ctx = {
      ...h.app.ctx,
      store: Object.assign(Object.create(store), {
        tx: (fn: any) =>
          store.tx((r) =>
            fn({
              ...r,
              reminders: {
                ...r.reminders,
                get: async (id: string) => {
                  if (id === bad.id) throw new Error("boom");
                  return r.reminders.get(id);
                },
              },
            }),
          ),
      }),
    };
    const { runSweep } = await import("../../../src/app/reminders/sweep");
    h.clock.set("2027-02-01T09:00:00+09:00"); // a's 60-day lead (1/29) and b's 90-day lead (1/29) are due
    const report = await runSweep(ctx, h.clock.now());
    expect(report.items.filter((i) => i.outcome !== "skipped").map((i) => [i.subject, i.reminder.split(":").at(-1), i.outcome])).toEqual(
      expect.arrayContaining([
        [a, "60", "failed"],
        [b, "90", "queued"],
      ]),
    );
    expect((await h.app.store.read.reminders.get(bad.id))!.state).toBe("planned");
    const ok = (await h.app.store.read.reminders.listForSubject("agreement", b)).find((r) => r.key.endsWith(":90"))!;
    expect(ok.state).toBe("queued");
    // the next (healthy) sweep sends it
    const again = await h.app.workflow.runSweep(h.clock.now());
    expect(again.items.find((i) => i.id === bad.id)?.outcome).toBe("queued");
  });
});
