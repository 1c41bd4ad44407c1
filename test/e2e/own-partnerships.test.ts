/**
 * Issue 23: a department registers a partnership it made on its own (§6(1) ただし書) from chat, under the
 * same rules; the window is told, can mark it as needing support, and it gets the same reminders.
 * Slack through signed requests (Japanese), Teams through activities (English, the viewer's locale).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf } from "../helpers/fake-slack";
import { cardOf, executeActions } from "../helpers/fake-connector";
import { latestBlocks, messageWithButton, openedView, press, settle, submit } from "../helpers/flows";
import { eventually, startHarness, type Harness } from "../helpers/harness";
import { HEALTH_TEAMS, mixedOrg } from "../helpers/org";
import { input } from "../helpers/slack-client";
import { TENANT } from "../helpers/teams-client";

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

function ownValues(extra: Record<string, unknown> = {}) {
  return {
    kind: input.select("agreement"),
    companyName: input.text("株式会社みなとラボ"),
    corporateNumber: input.text(""),
    title: input.text("校内Wi-Fiの実証"),
    pattern: input.select("tech_trial"),
    departmentCode: input.select("school-education"),
    startDate: input.date("2027-04-01"),
    endDate: input.date("2028-03-31"),
    costToCity: input.check(false),
    moneyTerms: input.text(""),
    companyContact: input.text("ラボ 田中"),
    cityContact: input.text("学校教育部 鈴木"),
    documentUrl: { type: "url_text_input", value: "https://docs.example.city/own/1.pdf" },
    exceptionReason: input.text(""),
    notes: input.text(""),
    ...extra,
  };
}

describe("a department's own partnership on Slack", () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  async function openForm(user = "U0E1", channel = "C0EDU") {
    const res = await h.slack.command(user, channel, "own");
    expect(res.status).toBe(200);
    const form = await eventually(() => openedView(h, 1));
    expect(form.callback_id).toBe("form.own");
    return form;
  }

  it("is registered under the policy's rules, marked as the department's own, told to the window, and reminded like the window's", async () => {
    const form = await openForm();
    const kinds = form.blocks.find((b: any) => b.block_id === "kind").element.options.map((o: any) => o.value);
    expect(kinds).toEqual(["agreement", "no_agreement"]);

    // the rules: cost to the city goes through the window and the board; more than two years needs a reason; no money without an agreement
    const costly = await submit(h, "U0E1", form, ownValues({ costToCity: input.check(true) }));
    expect(costly.errors.costToCity).toContain("窓口を通じて連携事業審査会");
    const long = await submit(h, "U0E1", form, ownValues({ endDate: input.date("2029-04-01") }));
    expect(long.errors.endDate).toContain("最長2年");
    const light = await submit(h, "U0E1", form, ownValues({ kind: input.select("no_agreement"), endDate: input.date(null), moneyTerms: input.text("謝礼 5万円") }));
    expect(light.errors.moneyTerms).toContain("金銭のやり取りがない");
    expect(await h.app.store.read.agreements.list()).toEqual([]);

    const ok = await submit(h, "U0E1", form, ownValues());
    expect(ok).toEqual({});
    const [a] = await eventually(async () => {
      const list = await h.app.store.read.agreements.list();
      expect(list).toHaveLength(1);
      return list;
    });
    expect(a).toMatchObject({ origin: "own", departmentCode: "school-education", proposalId: null, state: "active", companyContact: "ラボ 田中", cityContact: "学校教育部 鈴木", needsSupport: false });
    const kinds2 = (await h.app.store.read.reminders.listForSubject("agreement", a.id)).map((r) => r.kind);
    expect(kinds2).toContain("expiry");
    expect(kinds2).toContain("followup");
    const audit = await h.app.store.read.audit.listBetween(null, null, 0, 1000);
    expect(audit.find((e) => e.action === "agreement.registered")).toMatchObject({ actor: "slack:U0E1", data: expect.objectContaining({ origin: "own" }) });

    // the register marks it as the department's own: the public page, its CSV, and the agreements list in chat
    const page = await (await fetch(`${h.app.url}/partnerships`)).text();
    expect(page).toContain("校内Wi-Fiの実証");
    expect(page).toContain("（部署独自の連携）");
    expect(await (await fetch(`${h.app.url}/partnerships.csv`)).text()).toMatch(/校内Wi-Fiの実証.*,own\r?\n/);
    await h.slack.command("U0E1", "C0EDU", "agreements");
    await eventually(() => expect(JSON.stringify(h.fake.calls.filter((c) => c.method.startsWith("/response")).map((c) => c.args))).toContain("（部署独自）"));

    // the window is told, with the support button; so is the department
    await h.deliver();
    const told = messageWithButton(h, "C0WINDOW", "agreement.support");
    expect(JSON.stringify(told.blocks)).toContain("部署独自");
    expect(JSON.stringify(told.blocks)).toContain("校内Wi-Fiの実証");
    expect(messageWithButton(h, "C0EDU", "agreement.support")).toBeDefined();

    // only the window marks it as needing support; the mark shows on the card and is audited
    await press(h, "U0E1", "C0EDU", messageWithButton(h, "C0EDU", "agreement.support"), "agreement.support");
    await eventually(async () => expect((await h.app.store.read.audit.listBetween(null, null, 0, 1000)).map((e) => e.action)).toContain("agreement.support.refused"));
    expect((await h.app.store.read.agreements.get(a.id))!.needsSupport).toBe(false);
    await press(h, "U0WIN", "C0WINDOW", told, "agreement.support");
    await settle(h, async () => expect((await h.app.store.read.agreements.get(a.id))!.needsSupport).toBe(true));
    await h.deliver();
    const card = latestBlocks(h, "C0WINDOW", told.__ts)!;
    expect(JSON.stringify(card)).toContain("窓口の支援: 必要");
    expect(buttonsOf(card).map((b: any) => b.text.text)).toContain("支援を終える");
    const actions = (await h.app.store.read.audit.listBetween(null, null, 0, 1000)).map((e) => e.action);
    expect(actions).toContain("agreement.support_needed");
    expect(actions).toContain("agreement.support.refused");
  });

  it("a light initiative without money goes ahead without an agreement, and needs no end date", async () => {
    const form = await openForm();
    const ok = await submit(h, "U0E1", form, ownValues({ kind: input.select("no_agreement"), endDate: input.date(null) }));
    expect(ok).toEqual({});
    await eventually(async () => expect(await h.app.store.read.agreements.list()).toEqual([expect.objectContaining({ origin: "own", kind: "no_agreement", endDate: null })]));
  });

  it("staff register their own department's partnerships only; the refusal is audited", async () => {
    const form = await openForm("U0H1", "C0HEALTH");
    await submit(h, "U0H1", form, ownValues());
    const refused = await eventually(async () => {
      const rows = (await h.app.store.read.audit.listBetween(null, null, 0, 1000)).filter((e) => e.action === "form.own.refused");
      expect(rows.length).toBeGreaterThan(0);
      return rows;
    });
    expect(await h.app.store.read.agreements.list()).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: "slack:U0H1" });
  });
});

describe("a department's own partnership on Teams, in the viewer's language", () => {
  beforeEach(async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    expect((await h.teams.install(HEALTH_TEAMS)).status).toBe(200);
  });

  it("`own` answers with an English form for an English viewer; the submission registers it and the channels get the city's language", async () => {
    const replies = () => h.connector.calls.filter((c) => c.ok && c.conversationId.startsWith(HEALTH_TEAMS)).map((c) => c.body);
    await h.teams.send({
      type: "message",
      locale: "en-US",
      text: "<at>partner-bot</at> own",
      from: { id: "29:aad-health-lead", aadObjectId: "aad-health-lead" },
      conversation: { id: HEALTH_TEAMS, conversationType: "channel", isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, channel: { id: HEALTH_TEAMS } },
      entities: [{ type: "mention", text: "<at>partner-bot</at>", mentioned: { id: "28:partner-bot", name: "partner-bot" } }],
    });
    const ask = await eventually(() => {
      const found = replies().find((r) => executeActions(cardOf(r)).some((a) => a.verb === "form.own"));
      expect(found).toBeDefined();
      return found!;
    });
    expect(JSON.stringify(cardOf(ask))).toContain("Register your department's own partnership");
    const submitAction = executeActions(cardOf(ask)).find((a) => a.verb === "form.own")!;
    const values = { kind: "agreement", companyName: "Minato Health Co.", title: "Screening app trial", pattern: "tech_trial", departmentCode: "public-health", startDate: "2027-04-01", endDate: "2028-03-31" };
    const res = await h.teams.invoke("aad-health-lead", HEALTH_TEAMS, "act-own", submitAction.verb, { ...submitAction.data, ...values }, { locale: "en-US" });
    expect(JSON.stringify(res.body.value)).toContain("A-0001");
    expect(await h.app.store.read.agreements.list()).toEqual([expect.objectContaining({ origin: "own", departmentCode: "public-health" })]);
    await h.deliver();
    // the department's channel gets the card in the city's language
    expect(h.connector.posted(HEALTH_TEAMS).map((p) => JSON.stringify(cardOf(p))).join()).toContain("部署独自");
  });
});
