/**
 * Issue 24, mail to companies: through the outbox to a real SMTP server (smtp-server) on this machine,
 * read back with mailparser. The receipt, a new status link on request, the proposal's stages, in both
 * languages; a relay that answers 451 then 250, one that answers 550, and one that never answers.
 */
import { domainToASCII } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAILS } from "../../src/app/permissions";
import { runCli } from "../../src/cli/index";
import { parseEnv } from "../../src/config/env";
import { buildCore } from "../../src/core";
import { createLogger } from "../../src/logger";
import { messageWithButton, press, settle } from "../helpers/flows";
import { proposalBody, startHarness, TestClock, type Harness } from "../helpers/harness";
import { testOrg, WINDOW_NAME } from "../helpers/org";
import { hangingSmtp, TestSmtp } from "../helpers/smtp";

const FROM = "企業連携推進担当 <partners@city.example.jp>";
const BASE = "https://desk.example.jp";
const org = () =>
  testOrg({ window: { name: WINDOW_NAME, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }], contact: { phone: "03-0000-0000", email: "window@city.example.jp", hours: { ja: "平日 9時〜17時", en: "Weekdays 9:00-17:00" } } } });
const EDU = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };
const WINDOW = { platform: "slack" as const, userId: "U0WIN", channelId: "C0WINDOW" };

async function mailHarness(smtpUrl: string, extra: Record<string, string> = {}, clock = new TestClock()): Promise<Harness> {
  return startHarness({ org: org(), clock, env: { SMTP_URL: smtpUrl, MAIL_FROM: FROM, PUBLIC_BASE_URL: BASE, MAIL_TIMEOUT_MS: "400", ...extra } });
}
const sendMail = (h: Harness) => h.app.mailDispatcher!.run(h.clock.now());
/** an address with its domain as the DNS knows it, lower-cased: the same mailbox whichever form was used */
const ascii = (a: string) => `${a.slice(0, a.lastIndexOf("@"))}@${domainToASCII(a.slice(a.lastIndexOf("@") + 1))}`.toLowerCase();
const statusTokenIn = (text: string) => /\/propose\/status\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

/** A relay and a bot for the tests of one describe (started before them, stopped after). */
function relayAndBot(): { smtp: TestSmtp; h: Harness } {
  const world = {} as { smtp: TestSmtp; h: Harness };
  beforeAll(async () => {
    world.smtp = await new TestSmtp().start();
    world.h = await mailHarness(world.smtp.url);
  });
  afterAll(async () => {
    await world.h.cleanup();
    await world.smtp.stop();
  });
  return world;
}

describe("mail to companies, through a real SMTP server", () => {
  const world = relayAndBot();
  let smtp: TestSmtp;
  let h: Harness;
  beforeAll(() => {
    ({ smtp, h } = world);
  });

  it("the receipt: Japanese first, the number and the status link, escaped HTML, automatic and with the window's contact", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ title: "学校で<b>AI</b> & 講座" }));
    expect(res.status).toBe(201);
    // queued with the proposal, sent by the mail dispatcher (chat's own does not touch it)
    await h.app.dispatcher.run(h.clock.now());
    expect(smtp.received).toHaveLength(0);
    await sendMail(h);
    const [m] = smtp.to("hanako@example.co.jp");
    expect(m).toBeDefined();
    const mail = m.mail;
    expect(mail.subject).toBe(`【港区 企業連携推進担当】ご提案を受け付けました（${res.json.number}）`);
    expect(mail.from?.value[0]).toMatchObject({ address: "partners@city.example.jp", name: "企業連携推進担当" });
    expect(mail.replyTo?.value[0].address).toBe("window@city.example.jp");
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.messageId).toMatch(/@city\.example\.jp>$/);
    expect(mail.text).toContain(`受付番号: ${res.json.number}`);
    expect(mail.text).toContain(`${BASE}/propose/status/${res.json.statusToken}`);
    expect(mail.text).toContain(`${BASE}/propose/link`);
    expect(mail.text).toContain("電話: 03-0000-0000");
    // nothing a stranger typed: a title could carry a phishing line, under the city's name, to any address
    expect(mail.text).not.toContain("講座");
    expect(String(mail.html)).not.toContain("講座");
    expect(mail.html).toContain(`href="${BASE}/propose/status/${res.json.statusToken}"`);
    // no tracking: no images, no links but the desk's
    expect(mail.html).not.toMatch(/<img/i);
    for (const href of mail.html ? [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((x) => x[1]) : []) expect(href.startsWith(`${BASE}/`)).toBe(true);
    // the link in the mail opens the company's status page
    const page = await fetch(`${h.app.url}/propose/status/${statusTokenIn(mail.text!)}`);
    expect(page.status).toBe(200);
  });

  it("in English when the company wrote in English, its links in English too", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: "en@example.com" }, locale: "en" }));
    await sendMail(h);
    const [m] = smtp.to("en@example.com");
    expect(m.mail.subject).toBe(`[Corporate Partnership Office, Minato City] Your proposal was received (${res.json.number})`);
    expect(m.mail.text).toContain(`Proposal number: ${res.json.number}`);
    expect(m.mail.text).toContain(`${BASE}/propose/status/${res.json.statusToken}?lang=en`);
    expect(m.mail.text).toContain("Hours: Weekdays 9:00-17:00");
    expect(m.mail.html).toMatch(/<html lang="en">/);
  });

  it("an address with a Japanese domain is stored and mailed as the DNS knows it (punycode)", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: "info@例え.jp" } }));
    expect(res.status).toBe(201);
    expect((await h.app.store.read.proposals.get(res.json.id))!.email).toBe("info@xn--r8jz45g.jp");
    await sendMail(h);
    // the relay may be handed either form of the same domain
    expect(smtp.received.filter((m) => m.to.some((a) => ascii(a) === "info@xn--r8jz45g.jp"))).toHaveLength(1);
    // a new link asked for with the address as the company types it, in Japanese
    h.clock.advance(30 * 60_000);
    await h.app.workflow.requestStatusLink({ number: res.json.number, email: "info@例え.jp", locale: "ja" });
    await sendMail(h);
    expect(smtp.received.filter((m) => m.to.some((a) => ascii(a) === "info@xn--r8jz45g.jp"))).toHaveLength(2);
  });

  it("no header injection: line breaks in any field are refused before anything is stored or mailed", async () => {
    const before = smtp.received.length;
    const body = proposalBody();
    for (const bad of [
      { ...body, title: "講座\r\nBcc: evil@example.com" },
      { ...body, company: { ...body.company, email: "a@example.com\r\nBcc: evil@example.com" } },
      { ...body, company: { ...body.company, email: "a@example.com, evil@example.com" } },
      { ...body, company: { ...body.company, name: "株式会社\u2028Bcc: evil@example.com" } },
    ]) {
      expect((await h.api("POST", "/api/proposals", bad)).status, JSON.stringify(bad).slice(0, 160)).toBe(400);
    }
    await sendMail(h);
    expect(smtp.received.length).toBe(before);
    expect(smtp.received.some((m) => m.to.some((a) => a.includes("evil")))).toBe(false);
  });

  it("the stages the company sees, once each, with nothing internal: taken up in Slack, then withdrawn", async () => {
    const address = "stages@example.co.jp";
    const res = await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: address } }));
    await h.deliver();
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(1); // the receipt
    // a department member takes it up with the button in its channel (real Bolt, fake Slack Web API)
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    const cards = h.fake.posted("C0EDU").filter((m) => !m.thread_ts && JSON.stringify(m).includes(res.json.number));
    expect(cards).toHaveLength(1);
    const card = { ...cards[0], blocks: messageWithButton(h, "C0EDU", "proposal.take", 0) && cards[0].blocks };
    await press(h, "U0E1", "C0EDU", card, "proposal.take");
    await settle(h, async () => expect((await h.app.store.read.routings.get(routing.id))!.state).toBe("taken"));
    await sendMail(h);
    const taken = smtp.to(address)[1];
    expect(taken.mail.subject).toBe(`【港区 企業連携推進担当】ご提案の進み具合（${res.json.number}）：担当部署での検討`);
    expect(taken.mail.text).toContain("「担当部署での検討」の段階に進みました");
    // no department, person or opinion: what the status page says, nothing more
    expect(taken.mail.text).not.toMatch(/学校教育部|U0E1|窓口（/);
    // pressing again changes nothing and mails nothing
    await press(h, "U0E1", "C0EDU", card, "proposal.take");
    await h.deliver();
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(2);
    await h.app.workflow.withdrawProposal(res.json.id, { reason: "社内事情" }, WINDOW);
    await sendMail(h);
    const withdrawn = smtp.to(address)[2];
    expect(withdrawn.mail.text).toContain("ご提案は取り下げられました。");
    expect(withdrawn.mail.text).not.toContain("社内事情");
  });

  it("a new status link on request: the same answer either way, the old link stops working, one per ten minutes", async () => {
    const address = "lost@example.co.jp";
    const res = await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: address } }));
    await sendMail(h);
    const before = smtp.received.length;
    // wrong address, unknown number, nonsense: nothing is sent, nothing changes, nothing is said
    expect(await h.app.workflow.requestStatusLink({ number: res.json.number, email: "someone@else.jp", locale: "ja" })).toBeUndefined();
    expect(await h.app.workflow.requestStatusLink({ number: "P-9999", email: address, locale: "ja" })).toBeUndefined();
    expect(await h.app.workflow.requestStatusLink({ number: "<script>", email: "x", locale: "ja" })).toBeUndefined();
    await sendMail(h);
    expect(smtp.received.length).toBe(before);
    expect((await fetch(`${h.app.url}/propose/status/${res.json.statusToken}`)).status).toBe(200);
    // the right pair, typed as people type it (full-width number, the domain in capitals), on the English page
    const fullWidth = res.json.number.replace(/[0-9P-]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    await h.app.workflow.requestStatusLink({ number: fullWidth, email: "lost@EXAMPLE.co.jp", locale: "en" });
    await sendMail(h);
    const mails = smtp.to(address);
    const link = mails.at(-1)!;
    // in the company's language, not the asking page's (anyone may ask)
    expect(link.mail.subject).toContain(`確認用の新しいリンク（${res.json.number}）`);
    const token = statusTokenIn(link.mail.text!)!;
    expect(token).not.toBe(res.json.statusToken);
    expect((await fetch(`${h.app.url}/propose/status/${res.json.statusToken}`)).status).toBe(404);
    expect((await fetch(`${h.app.url}/propose/status/${token}`)).status).toBe(200);
    // asked again at once: no second mail, and the link just mailed still works
    await h.app.workflow.requestStatusLink({ number: res.json.number, email: address, locale: "ja" });
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(mails.length);
    expect((await fetch(`${h.app.url}/propose/status/${token}`)).status).toBe(200);
    const audit = await h.app.store.read.audit.listBySubject("proposal", res.json.id);
    expect(audit.filter((a) => a.action === "proposal.status_link_reissued")).toHaveLength(1);
    // ten minutes on (the next window), still not: one per interval, the one before counted too
    h.clock.advance(10 * 60_000);
    await h.app.workflow.requestStatusLink({ number: res.json.number, email: address, locale: "ja" });
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(mails.length);
    h.clock.advance(11 * 60_000);
    await h.app.workflow.requestStatusLink({ number: res.json.number, email: address, locale: "ja" });
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(mails.length + 1);
  });

  it("an API repeat (same Idempotency-Key) mails nothing more: a receipt still waiting goes out with the link that works", async () => {
    const address = "repeat@example.co.jp";
    // the relay greylists the first try: the receipt waits in the outbox while the client repeats itself
    smtp.answer = (to, n) => (to === address && n === 1 ? { code: 451, message: "4.7.1 Greylisted" } : null);
    try {
      const body = proposalBody({ company: { ...proposalBody().company, email: address } });
      const first = await h.api("POST", "/api/proposals", body, { "idempotency-key": "repeat-1" });
      await sendMail(h);
      expect(smtp.attempts.get(address)).toBe(1);
      const again = await h.api("POST", "/api/proposals", body, { "idempotency-key": "repeat-1" });
      const third = await h.api("POST", "/api/proposals", body, { "idempotency-key": "repeat-1" });
      expect(again.json.id).toBe(first.json.id);
      expect(third.json.statusToken).not.toBe(first.json.statusToken);
      // a link asked for while the receipt waits: the receipt's link is kept, nothing new is queued
      await h.app.workflow.requestStatusLink({ number: first.json.number, email: address, locale: "ja" });
      // the commits above kicked the dispatcher at the old time: that pass ends before the clock moves (or
      // the next call would share it and find nothing due yet)
      await h.app.mailDispatcher!.idle();
      h.clock.advance(5 * 60_000);
      await sendMail(h);
      const mails = smtp.to(address);
      expect(mails).toHaveLength(1);
      expect(statusTokenIn(mails[0].mail.text!)).toBe(third.json.statusToken);
      expect((await fetch(`${h.app.url}/propose/status/${third.json.statusToken}`)).status).toBe(200);
      // once sent, the outbox no longer holds the token (the proposal keeps only its hash)
      const row = await h.app.store.get(`mail-receipt-${first.json.id}@mail:${address}`);
      expect(row).not.toBeNull();
      expect(row!.body).not.toContain(third.json.statusToken);
      // a repeat after the receipt went out: a new link for the client, no more mail to the company
      await h.api("POST", "/api/proposals", body, { "idempotency-key": "repeat-1" });
      await h.app.mailDispatcher!.idle();
      h.clock.advance(5 * 60_000);
      await sendMail(h);
      expect(smtp.to(address)).toHaveLength(1);
    } finally {
      smtp.answer = () => null;
    }
  });

  it("a call the companies answered is extended, then withdrawn: each address hears once per change, of its own proposals only, in its language", async () => {
    const call = await h.app.workflow.publishChallenge({ kind: "theme_call", title: "通学路の見守り", description: "見守りの提案を募集します。", departmentCode: "school-education", deadline: "2099-03-31" }, WINDOW);
    const body = proposalBody();
    const a1 = await h.api("POST", "/api/proposals", { ...body, challenge: call.number, company: { ...body.company, email: "calls-a@example.co.jp" } });
    const a2 = await h.api("POST", "/api/proposals", { ...body, title: "見守りアプリ第二案", challenge: call.number, company: { ...body.company, email: "calls-a@example.co.jp" } });
    const b = await h.api("POST", "/api/proposals", { ...body, challenge: call.number, locale: "en", company: { ...body.company, name: "Other Co.", corporateNumber: undefined, email: "calls-b@example.com" } });
    const other = await h.api("POST", "/api/proposals", { ...body, company: { ...body.company, email: "calls-none@example.co.jp" } });
    for (const r of [a1, a2, b, other]) expect(r.status).toBe(201);
    await sendMail(h);
    await h.app.workflow.extendChallenge(call.id, { deadline: "2099-06-30" }, WINDOW);
    await sendMail(h);
    const [aExtended] = smtp.to("calls-a@example.co.jp").filter((m) => m.mail.subject?.includes(call.number));
    expect(aExtended.mail.subject).toBe(`【港区 企業連携推進担当】募集 ${call.number}：締切が延長されました`);
    expect(aExtended.mail.text).toContain("締切：2099年6月30日");
    expect(aExtended.mail.text).toContain(`貴社のご提案: ${a1.json.number}, ${a2.json.number}`);
    expect(aExtended.mail.text).not.toContain(b.json.number);
    const [bExtended] = smtp.to("calls-b@example.com").filter((m) => m.mail.subject?.includes(call.number));
    expect(bExtended.mail.subject).toBe(`[Corporate Partnership Office, Minato City] Call ${call.number}: its deadline was extended`);
    expect(bExtended.mail.text).toContain(`Your proposals: ${b.json.number}`);
    expect(bExtended.mail.text).toContain(`${BASE}/challenges?lang=en`);
    await h.app.workflow.withdrawChallenge(call.id, { reason: "予算の都合" }, WINDOW);
    await sendMail(h);
    const aMails = smtp.to("calls-a@example.co.jp").filter((m) => m.mail.subject?.includes(call.number));
    expect(aMails.map((m) => m.mail.subject)).toEqual([aExtended.mail.subject, `【港区 企業連携推進担当】募集 ${call.number}：募集が取り下げられました`]);
    // the city's internal reason stays inside
    expect(aMails[1].mail.text).not.toContain("予算の都合");
    expect(smtp.to("calls-none@example.co.jp").filter((m) => m.mail.subject?.includes(call.number))).toHaveLength(0);
  });

  it("the permission table's MAILS, walked: every kind was sent, and every mail went only to the address of the proposals it names", async () => {
    const kindOf = (subject: string) =>
      /ご提案を受け付けました|Your proposal was received/.test(subject) ? "receipt"
        : /新しいリンク|new status link/.test(subject) ? "statusLink"
          : /進み具合|Your proposal \(/.test(subject) ? "stage"
            : /募集 C-|Call C-/.test(subject) ? "call" : "unknown";
    const seen = new Set<string>();
    for (const m of smtp.received) {
      const kind = kindOf(m.mail.subject ?? "");
      expect(Object.keys(MAILS), m.mail.subject).toContain(kind);
      seen.add(kind);
      expect(m.to).toHaveLength(1);
      const numbers = [...new Set((m.mail.text ?? "").match(/P-\d{4}/g) ?? [])];
      expect(numbers.length, m.mail.subject).toBeGreaterThan(0);
      for (const n of numbers) {
        const p = await h.app.store.read.proposals.getByNumber(Number(n.slice(2)));
        expect(ascii(p!.email), `${kind} ${n}`).toBe(ascii(m.to[0]));
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(MAILS).sort());
  });
});

describe("what the relay answers", () => {
  const world = relayAndBot();
  let smtp: TestSmtp;
  let h: Harness;
  beforeAll(() => {
    ({ smtp, h } = world);
  });
  afterEach(() => {
    smtp.answer = () => null;
  });

  it("451 then 250: tried again after a back-off, delivered once", async () => {
    const address = "greylisted@example.co.jp";
    smtp.answer = (to, n) => (to === address && n === 1 ? { code: 451, message: "4.7.1 Greylisted, try again later" } : null);
    await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: address } }));
    const first = await sendMail(h);
    expect(first.failed).toBe(1);
    expect(smtp.to(address)).toHaveLength(0);
    const [row] = (await h.app.store.pending(50)).filter((r) => r.platform === "mail" && r.channel === address);
    expect(row.lastError).toContain("451");
    // not before its back-off; after it, once
    expect((await sendMail(h)).sent).toBe(0);
    h.clock.advance(5 * 60_000);
    expect((await sendMail(h)).sent).toBe(1);
    expect(smtp.to(address)).toHaveLength(1);
    expect(smtp.attempts.get(address)).toBe(2);
    h.clock.advance(60 * 60_000);
    await sendMail(h);
    expect(smtp.to(address)).toHaveLength(1);
  });

  it("550: set aside with the server's reason in `outbox list`, never tried by itself again, chat goes on", async () => {
    const address = "nobody@example.co.jp";
    smtp.answer = (to) => (to === address ? { code: 550, message: "5.1.1 No such user" } : null);
    const res = await h.api("POST", "/api/proposals", proposalBody({ company: { ...proposalBody().company, email: address } }));
    await sendMail(h);
    expect(smtp.attempts.get(address)).toBe(1);
    // chat is delivered as ever: the window's summary of the same proposal
    await h.deliver();
    expect(h.fake.posted("C0WINDOW").some((m) => JSON.stringify(m).includes(res.json.number))).toBe(true);
    const [row] = (await h.app.store.pending(50)).filter((r) => r.platform === "mail" && r.channel === address);
    expect(row.lastError).toContain("550 5.1.1 No such user");
    // days later it is still set aside: the relay is not asked again
    h.clock.advance(7 * 86_400_000);
    await sendMail(h);
    expect(smtp.attempts.get(address)).toBe(1);
    // the operator sees it and why
    const out: string[] = [];
    const env = parseEnv({ DATABASE_URL: h.databaseUrl, LOG_LEVEL: "silent" });
    expect(await runCli(["outbox", "list"], { out: (s) => out.push(s), err: () => undefined }, env, (clock) => buildCore(env, createLogger("silent"), { clock, org: org(), skipMigrations: true }))).toBe(0);
    expect(out.join("\n")).toMatch(new RegExp(`mail\t${address.replace(/\./g, "\\.")}\t.*550 5\\.1\\.1 No such user`));
  });
});

describe("a relay that never answers", () => {
  it("times out, is tried again later, and holds up neither chat nor other work", async () => {
    const relay = await hangingSmtp();
    const h = await mailHarness(relay.url);
    try {
      const res = await h.api("POST", "/api/proposals", proposalBody());
      const mail = sendMail(h);
      // chat is delivered while the mail waits for a greeting that never comes
      await h.deliver();
      expect(h.fake.posted("C0WINDOW").some((m) => JSON.stringify(m).includes(res.json.number))).toBe(true);
      const report = await mail;
      expect(report.failed).toBe(1);
      expect(relay.connections()).toBe(1);
      const [row] = (await h.app.store.pending(50)).filter((r) => r.platform === "mail");
      expect(row.lastError).toMatch(/ETIMEDOUT|timeout|time/i);
      // the intake still answers at once
      expect((await h.api("POST", "/api/proposals", proposalBody({ title: "二件目" }))).status).toBe(201);
    } finally {
      await h.cleanup();
      await relay.stop();
    }
  });
});

describe("mail off", () => {
  it("without SMTP_URL nothing is queued for mail", async () => {
    const h = await startHarness({ org: org() });
    try {
      await h.api("POST", "/api/proposals", proposalBody());
      expect((await h.app.store.pending(50)).filter((r) => r.platform === "mail")).toHaveLength(0);
      expect(h.app.mailDispatcher).toBeUndefined();
      // the lost-link page promises nothing it cannot do: it sends people to the window
      const page = await (await fetch(`${h.app.url}/propose/link`)).text();
      expect(page).toContain('id="no-mail"');
      expect(page).toContain("企業連携推進担当にお問い合わせください");
      expect(page).not.toContain('id="email"');
      // a path beside the desk's, or nobody's: our plain 404, not Express's page naming the method and path
      for (const path of ["/propose;x", "/nothing-here", "/propose.json"]) {
        const res = await fetch(`${h.app.url}${path}`);
        expect(res.status, path).toBe(404);
        expect(await res.text(), path).not.toMatch(/Cannot GET/);
      }
    } finally {
      await h.cleanup();
    }
  });
});
