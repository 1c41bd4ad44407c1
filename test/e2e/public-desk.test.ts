/**
 * Issue 13, the public desk over HTTP (no browser): what a stranger can and cannot do. The browser
 * journey (keyboard, axe) is in test/browser/public-desk.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_PAGES } from "../../src/platforms/web/desk";
import { DeskVisitor, deskFields, hiddenFields, textOfHtml } from "../helpers/desk-client";
import { messageWithButton, press } from "../helpers/flows";
import { textOf } from "../helpers/fake-slack";
import { startHarness, type Harness } from "../helpers/harness";
import { normalizeCompanyName } from "../../src/domain/company";

let h: Harness;
beforeEach(async () => {
  // mail on (nothing is sent: the tests do not run the mail dispatcher), so the lost-link page offers its form
  h = await startHarness({ env: { PUBLIC_FORM_LIMIT: "3", SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "partners@city.example.jp" } });
});
afterEach(async () => {
  await h.cleanup();
});

async function proposals() {
  return h.app.store.read.proposals.listOpen(1000);
}

describe("the proposal form", () => {
  it("stores a valid proposal, answers with a receipt and a private status link, and routes it like any other", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.propose("/propose", deskFields());
    expect(res.status).toBe(303);
    expect(textOfHtml(res.html)).toContain("提案を受け付けました");
    expect(res.html).toContain('受付番号：<strong id="number">P-0001</strong>');
    expect(textOfHtml(res.html)).toContain("いまブックマークするかURLを控えてください");
    // without PUBLIC_BASE_URL the link is relative: never built from the Host header a stranger writes
    // the stored proposal leads (303, post/redirect/get) to its status page, which is the receipt
    expect(res.location).toMatch(/^\/propose\/status\/[A-Za-z0-9_-]+\?received=1$/);
    const link = /class="receipt-link"><a href="(\/propose\/status\/([A-Za-z0-9_-]+))"/.exec(res.html);
    expect(link).not.toBeNull();
    expect(link![2].length).toBeGreaterThanOrEqual(32);
    const [p] = await proposals();
    expect(p.source).toBe("web");
    expect(p.companyId).toBeTruthy();
    // routed by the same rules as the API: education → school education
    expect((await h.app.store.read.routings.listByProposal(p.id)).map((r) => r.departmentCode)).toEqual(["school-education"]);
    // only the hash of the token is stored
    expect(JSON.stringify(await h.app.store.read.proposals.get(p.id))).not.toContain(link![2]);

    const status = await v.get(new URL(link![1], h.app.url).pathname);
    expect(status.status).toBe(200);
    expect(status.html).toContain('現在の段階：<span id="stage">受付</span>');
    // another visitor with the link sees the same; a wrong token sees nothing
    expect((await new DeskVisitor(h.app.url).get(new URL(link![1], h.app.url).pathname)).status).toBe(200);
    expect((await v.get(`/propose/status/${link![2].slice(0, -2)}xx`)).status).toBe(404);
    expect((await v.get("/propose/status/short")).status).toBe(404);
  });

  it("shows the stage a department's take-up in Slack moves it to, and nothing internal", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.propose("/propose", deskFields());
    const path = /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(res.html)![1];
    await h.deliver();
    const routing = messageWithButton(h, "C0EDU", "proposal.take");
    await press(h, "U0E1", "C0EDU", routing, "proposal.take");
    const page = async () => (await v.get(path)).html;
    await expect.poll(page).toContain('<span id="stage">担当部署での検討</span>');
    const text = textOfHtml(await page());
    for (const internal of ["学校教育部", "U0E1", "山田花子", "hanako@example.co.jp", "03-1234-5678", "株式会社みなとテック"]) expect(text).not.toContain(internal);
    // a proposal at no cost to the city never goes to the board: its path shows no board steps
    expect(text).not.toContain("連携事業審査会での審査");
    expect(text).toContain("担当部署での検討 （現在の段階）");
    expect(text).toContain("受付 （済み）");
  });

  it("shows every error next to its field, in Japanese, and in English on the English page; stores nothing", async () => {
    const v = new DeskVisitor(h.app.url);
    const ja = await v.submit("/propose", deskFields({ companyName: "", corporateNumber: "1234567890123", email: "not-mail", pattern: "", costToCity: "", consent: "" }));
    expect(ja.status).toBe(422);
    const err = (field: string, html: string) => new RegExp(`id="err-${field}">([^<]+)<`).exec(html)?.[1];
    expect(err("companyName", ja.html)).toBe("入力してください");
    expect(err("corporateNumber", ja.html)).toBe("法人番号のチェックディジットが一致しません");
    expect(err("email", ja.html)).toBe("メールアドレスの形式で入力してください");
    expect(err("pattern", ja.html)).toBe("どれか一つを選んでください");
    expect(err("consent", ja.html)).toBe("同意にチェックを入れてください");
    // tied to the field for screen readers, and summarised at the top with links to each field
    expect(ja.html).toMatch(/id="companyName"[^>]*aria-invalid="true" aria-describedby="err-companyName"/);
    expect(ja.html).toContain('<a href="#companyName">企業名：入力してください</a>');
    expect(ja.html).toMatch(/id="cost-no"[^>]*aria-invalid="true" aria-describedby="err-costToCity"/);
    expect(ja.html).toContain("<title>エラー：");
    // what was typed is kept (escaped), so nothing has to be typed twice
    expect(ja.html).toContain('value="not-mail"');

    const en = await v.submit("/propose?lang=en", deskFields({ companyName: "", corporateNumber: "12345", consent: "" }));
    expect(en.status).toBe(422);
    expect(en.html).toContain('<html lang="en">');
    expect(err("companyName", en.html)).toBe("Company name is required");
    expect(err("corporateNumber", en.html)).toBe("Corporate number must be 13 digits");
    expect(en.html).toContain('<a href="#companyName">Company name is required</a>');
    expect(en.html).toContain("Company name</label>".replace("</label>", '<span class="tag"> (required)</span></label>'));
    expect(err("consent", en.html)).toBe("Please tick to agree before sending");
    expect(await proposals()).toHaveLength(0);
  });

  it("refuses a post without the form's token, or without the visitor's cookie, stores nothing, and keeps what was typed", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.submit("/propose", deskFields({ summary: "長い提案の本文" }), { dropCsrf: true });
    expect(res.status).toBe(403);
    expect(textOfHtml(res.html)).toContain("このフォームを確認できませんでした");
    expect(res.html).toContain("長い提案の本文</textarea>");
    // sent again from the page it got back (a fresh token), it goes through
    const again = await v.propose("/propose", deskFields());
    expect(again.status).toBe(303);
    const before = (await proposals()).length;
    // a token lifted from someone else's page does not work from another browser (no cookie)
    const page = await new DeskVisitor(h.app.url).get("/propose");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)![1];
    const stranger = await new DeskVisitor(h.app.url).post("/propose", new URLSearchParams({ ...(deskFields() as Record<string, string>), fields: "education", _csrf: token }));
    expect(stranger.status).toBe(403);
    expect(await proposals()).toHaveLength(before);
  });

  it("a filled honeypot looks like a success to the robot (303, a page that says nothing), stores nothing, and counts against the limit", async () => {
    const robot = new DeskVisitor(h.app.url);
    // at the form's post and at the send: the same answer as a stored proposal's (303), to a page with no number
    const first = await robot.submit("/propose", deskFields({ website: "http://spam.example" }));
    expect(first.status).toBe(303);
    expect(first.location).toBe("/propose/received");
    expect(textOfHtml(first.html)).toContain("送信を受け付けました");
    expect(first.html).not.toMatch(/P-\d{4}|\/propose\/status\//);
    const page = await robot.get("/propose");
    const body = hiddenFields(page.html);
    for (const [k, x] of Object.entries(deskFields({ website: "http://spam.example" }))) for (const y of Array.isArray(x) ? x : [x]) body.append(k, y);
    const sent = await robot.post("/propose/send", body);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe("/propose/received");
    // the limit (3 here) counted the two catches: one real proposal more goes, the next is refused
    expect((await robot.propose("/propose", deskFields())).status).toBe(303);
    expect((await robot.submit("/propose", deskFields())).status).toBe(429);
    expect(await proposals()).toHaveLength(1);
  });

  it("the confirmation page (入力 → 確認 → 完了) shows every value escaped, stores nothing, and goes back to the form with everything kept", async () => {
    // the call this form answers, published first
    const call = await h.app.workflow.publishChallenge(
      { kind: "theme_call", title: "子どもの居場所", description: "放課後の居場所", departmentCode: "school-education", deadline: "2099-03-31" },
      { platform: "slack", userId: "U0E1", channelId: "C0EDU" },
    );
    const v = new DeskVisitor(h.app.url);
    const form = await v.get(`/propose?challenge=${call.number}`);
    expect(form.html).toMatch(/<li aria-current="step">入力/);
    const fields = deskFields({ title: `<b>"太字"</b> & 'x'`, summary: "一行目\n<script>alert(1)</script>", fields: ["education", "health"], costToCity: "yes", desiredStart: "2099-04-01" });
    const body = hiddenFields(form.html);
    for (const [k, x] of Object.entries(fields)) for (const y of Array.isArray(x) ? x : [x]) body.append(k, y);
    const confirm = await v.post("/propose", body);
    expect(confirm.status).toBe(200);
    expect(await proposals()).toHaveLength(0);
    expect(confirm.res.headers.get("x-robots-tag")).toContain("noindex");
    expect(confirm.html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(confirm.html).toMatch(/<li aria-current="step">確認/);
    expect(confirm.html).toMatch(/<li class="done">入力/);
    // every value as it will be sent, escaped
    expect(confirm.html).not.toContain("<script>alert");
    expect(confirm.html).not.toContain("<b>");
    expect(confirm.html).toContain("&lt;b&gt;&quot;太字&quot;&lt;/b&gt; &amp; &#39;x&#39;");
    const text = textOfHtml(confirm.html);
    for (const shown of ["株式会社みなとテック", "7000012050002", "山田花子", "hanako@example.co.jp", "03-1234-5678", "education ・ health", "先端技術の実証実験", "費用負担が生じる見込み", "同意しました", call.number]) expect(text, shown).toContain(shown);
    // the hidden fields carry every value, the multi-select and the call too
    const carried = hiddenFields(confirm.html);
    expect(carried.getAll("fields")).toEqual(["education", "health"]);
    expect(carried.get("challenge")).toBe(call.number);
    expect(carried.get("summary")).toBe("一行目\n<script>alert(1)</script>");
    expect(carried.get("title")).toBe(`<b>"太字"</b> & 'x'`);
    expect(carried.get("consent")).toBe("yes");
    // back to edit: the form again, with everything kept (checked boxes, radio, the call, consent), nothing stored
    const back = await v.post("/propose/send", (() => (carried.append("edit", "1"), carried))());
    expect(back.status).toBe(200);
    expect(back.html).toContain('<form method="post" action="/propose"');
    expect(back.html).toMatch(/id="field-0" name="fields" value="education" checked/);
    expect(back.html).toMatch(/id="field-1" name="fields" value="health" checked/);
    expect(back.html).toMatch(/id="cost-yes" name="costToCity" value="yes" checked/);
    expect(back.html).toMatch(/id="pattern-tech_trial"[^>]* checked/);
    expect(back.html).toMatch(/id="consent"[^>]* checked/);
    expect(back.html).toContain(`name="challenge" value="${call.number}"`);
    expect(back.html).toContain("一行目\n&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
    expect(back.html).toContain('value="2099-04-01"');
    expect(await proposals()).toHaveLength(0);
    // then sent: stored once, in the page's language, answering the call
    carried.delete("edit");
    const sent = await v.post("/propose/send", carried);
    expect(sent.status).toBe(303);
    const [p] = await proposals();
    expect(p.title).toBe(`<b>"太字"</b> & 'x'`);
    expect(p.fields).toEqual(["education", "health"]);
    expect(p.challengeId).toBeTruthy();
    expect(p.locale).toBe("ja");
    expect(sent.html).toMatch(/<li aria-current="step">完了/);
  });

  it("the send validates again: hidden fields changed by hand are refused like the form's (an unknown field code, a broken name)", async () => {
    const v = new DeskVisitor(h.app.url);
    const confirm = await v.submit("/propose?lang=en", deskFields());
    expect(confirm.status).toBe(200);
    const forged = hiddenFields(confirm.html);
    forged.append("fields", "x".repeat(50));
    forged.set("companyName", "株式会社\u2028テスト");
    const sent = await v.post("/propose/send?lang=en", forged);
    expect(sent.status).toBe(422);
    expect(sent.html).toMatch(/id="err-fields">[^<]*not one of the fields offered/);
    expect(sent.html).toMatch(/id="err-companyName">Company name must be one line/);
    // without the token it is not even read
    const noToken = hiddenFields(confirm.html, true);
    expect((await v.post("/propose/send", noToken)).status).toBe(403);
    expect(await proposals()).toHaveLength(0);
    // the English page's proposal is stored with its language
    expect((await v.post("/propose/send?lang=en", hiddenFields(confirm.html))).status).toBe(303);
    expect((await proposals())[0].locale).toBe("en");
  });

  it("the same submission sent twice (a double click, a second tab) is one proposal, counts once, and keeps the first link", async () => {
    const v = new DeskVisitor(h.app.url);
    const confirm = await v.submit("/propose", deskFields());
    const first = await v.post("/propose/send", hiddenFields(confirm.html));
    expect(first.status).toBe(303);
    const link = /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(first.html)![1];
    for (let i = 0; i < 4; i++) {
      const again = await v.post("/propose/send", hiddenFields(confirm.html));
      expect(again.status).toBe(200);
      expect(textOfHtml(again.html)).toContain("この提案は、すでに受付番号 P-0001 で受け付けています");
      expect(again.html).not.toContain("/propose/status/");
      expect(again.html).toContain('href="/propose/link"');
    }
    expect(await proposals()).toHaveLength(1);
    // the first link still works
    expect((await v.get(link)).status).toBe(200);
    // the four repeats did not count against the limit (3): two more proposals go through
    for (let i = 0; i < 2; i++) expect((await v.propose("/propose", deskFields({ title: `別の提案 ${i}` }))).status).toBe(303);
    expect(await proposals()).toHaveLength(3);
  });

  it("limits proposals per address (X-Forwarded-For is not believed without TRUST_PROXY_HOPS), counting only stored ones, in the page's language", async () => {
    // forms sent back for corrections do not count, nor confirmation pages (nothing was sent yet)
    for (let i = 0; i < 5; i++) expect((await new DeskVisitor(h.app.url).submit("/propose", deskFields({ email: "typo" }))).status).toBe(422);
    for (let i = 0; i < 5; i++) expect((await new DeskVisitor(h.app.url).submit("/propose", deskFields())).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = new DeskVisitor(h.app.url, { "x-forwarded-for": `203.0.113.${i}` });
      statuses.push(i < 3 ? (await v.propose("/propose", deskFields({ title: `提案 ${i}` }))).status : (await v.submit("/propose", deskFields({ title: `提案 ${i}` }))).status);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    const en = await new DeskVisitor(h.app.url).submit("/propose?lang=en", deskFields({ summary: "kept as typed" }));
    expect(en.status).toBe(429);
    expect(textOfHtml(en.html)).toContain("Too many proposals have come from this address");
    expect(en.html).toContain("kept as typed</textarea>");
    expect(await proposals()).toHaveLength(3);
  });

  it("refuses control characters, the bot's own markup characters, line breaks and direction overrides in names, and invisible-only text; escapes markup", async () => {
    const v = new DeskVisitor(h.app.url);
    for (const title of ["ベル\u0007", "太字\uFDD0偽装", "一行目\n=2+5", "\u202Eクテトナミ"]) expect((await v.submit("/propose", deskFields({ title }))).status, JSON.stringify(title)).toBe(422);
    for (const name of ["\u200B", "\u2060 \u200B"]) {
      const res = await v.submit("/propose", deskFields({ companyName: name }));
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(res.html).toContain('id="err-companyName">入力してください<');
    }
    const ok = await v.propose("/propose", deskFields({ title: `<script>alert(1)</script> <!channel>` }));
    expect(ok.status).toBe(303);
    const path = /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(ok.html)![1];
    const status = await v.get(path);
    expect(status.html).not.toContain("<script>alert");
    expect(status.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("the form's token", () => {
  it("stays valid across tabs and language switches of one visitor: two more pages opened, the first one's form still goes", async () => {
    const v = new DeskVisitor(h.app.url);
    const first = await v.get("/propose");
    const token = /name="_csrf" value="([^"]+)"/.exec(first.html)![1];
    // a second tab, then the English page
    const second = await v.get("/propose");
    const english = await v.get("/propose?lang=en");
    expect(/name="_csrf" value="([^"]+)"/.exec(second.html)![1]).toBe(token);
    expect(/name="_csrf" value="([^"]+)"/.exec(english.html)![1]).toBe(token);
    // the first tab's form, with the first token
    const body = hiddenFields(first.html);
    for (const [k, x] of Object.entries(deskFields())) for (const y of Array.isArray(x) ? x : [x]) body.append(k, y);
    const confirm = await v.post("/propose", body);
    expect(confirm.status).toBe(200);
    expect((await v.post("/propose/send", hiddenFields(confirm.html))).status).toBe(303);
    // another visitor's cookie does not make it theirs
    const stranger = new DeskVisitor(h.app.url);
    await stranger.get("/propose");
    expect((await stranger.post("/propose", body)).status).toBe(403);
  });
});

describe("the confirmation in the other language", () => {
  it("keeps every value: its language button posts the same fields, and the English confirmation sends as the Japanese would", async () => {
    const v = new DeskVisitor(h.app.url);
    const ja = await v.submit("/propose", deskFields({ title: "言語を切り替える提案", fields: ["education"] }));
    expect(ja.status).toBe(200);
    expect(ja.html).toContain('id="switch-language"');
    expect(ja.html).toContain('formaction="/propose?lang=en"');
    // the header's switch does not lead to an empty form from here
    expect(ja.html).toContain('href="#switch-language"');
    const en = await v.post("/propose?lang=en", hiddenFields(ja.html));
    expect(en.status).toBe(200);
    expect(en.html).toMatch(/<html lang="en"/);
    expect(en.html).toContain("言語を切り替える提案");
    expect(en.html).toContain("株式会社みなとテック");
  });
});

describe("a lost status link", () => {
  it("asks for the number and the e-mail, calls the use case, and answers the same whatever they are; the old link is the use case's to end", async () => {
    const asked: unknown[] = [];
    h.app.workflow.requestStatusLink = async (req) => void asked.push(req);
    const v = new DeskVisitor(h.app.url);
    const page = await v.get("/propose/link");
    expect(page.status).toBe(200);
    expect(page.res.headers.get("x-robots-tag")).toContain("noindex");
    expect(page.html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(page.html).toMatch(/<label for="number">受付番号/);
    const answers: string[] = [];
    for (const [number, email] of [["P-0001", "hanako@example.co.jp"], ["Ｐ－９９９９", "nobody@example.jp"]]) {
      const res = await v.submit("/propose/link", { number, email });
      expect(res.status).toBe(303);
      expect(res.location).toBe("/propose/link?sent=1");
      answers.push(textOfHtml(res.html).replace(/value="[^"]*"/g, ""));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain("受付番号とメールアドレスが一致した場合は、そのアドレスに新しいリンクをお送りしました。古いリンクは使えなくなります。");
    expect(asked).toEqual([
      { number: "P-0001", email: "hanako@example.co.jp", locale: "ja" },
      { number: "P-9999", email: "nobody@example.jp", locale: "ja" },
    ]);
    // in English, with the page's language
    expect((await v.submit("/propose/link?lang=en", { number: "P-0001", email: "hanako@example.co.jp" })).location).toBe("/propose/link?lang=en&sent=1");
    expect(asked.at(-1)).toEqual({ number: "P-0001", email: "hanako@example.co.jp", locale: "en" });
  });

  it("refuses a malformed e-mail (422, the form filled in), a post without the token (403) and a robot (the same 303, nothing asked), and limits the requests per address", async () => {
    const asked: unknown[] = [];
    h.app.workflow.requestStatusLink = async (req) => void asked.push(req);
    const v = new DeskVisitor(h.app.url);
    const bad = await v.submit("/propose/link", { number: "P-0001", email: "not-mail<x>" });
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/id="err-email">メールアドレスの形式で入力してください</);
    expect(bad.html).toContain('value="P-0001"');
    expect(bad.html).toContain('value="not-mail&lt;x&gt;"');
    expect(bad.html).toMatch(/id="email"[^>]*aria-invalid="true"/);
    const en = await v.submit("/propose/link?lang=en", { number: "", email: "a@b.example" });
    expect(en.status).toBe(422);
    expect(en.html).toMatch(/id="err-number">Reference number is required</);
    expect((await v.submit("/propose/link", { number: "P-0001", email: "hanako@example.co.jp" }, { dropCsrf: true })).status).toBe(403);
    const robot = await v.submit("/propose/link", { number: "P-0001", email: "hanako@example.co.jp", website: "http://spam.example" });
    expect(robot.status).toBe(303);
    expect(robot.location).toBe("/propose/link?sent=1");
    expect(asked).toEqual([]);
    // the robot counted (limit 3): two real requests go, the next is refused
    for (let i = 0; i < 2; i++) expect((await v.submit("/propose/link", { number: "P-0001", email: "hanako@example.co.jp" })).status).toBe(303);
    const over = await v.submit("/propose/link", { number: "P-0001", email: "hanako@example.co.jp" });
    expect(over.status).toBe(429);
    expect(textOfHtml(over.html)).toContain("この接続元からの請求が多すぎるため");
    expect(asked).toHaveLength(2);
  });

  it("is reachable from every page's footer and from a status link that does not work", async () => {
    const v = new DeskVisitor(h.app.url);
    expect((await v.get("/propose")).html).toContain('<a href="/propose/link">状況確認のリンクをなくした場合</a>');
    const wrong = await v.get("/propose/status/no-such-token-000000000000000000000");
    expect(wrong.status).toBe(404);
    expect(wrong.html.match(/href="\/propose\/link"/g)?.length).toBe(2);
  });
});

describe("every public page", () => {
  it("sends a CSP without inline scripts, forbids framing, and makes no third-party request", async () => {
    const v = new DeskVisitor(h.app.url);
    for (const route of PUBLIC_PAGES) {
      const [method, path] = route.split(" ");
      if (method !== "GET" || path.includes(":")) continue;
      const res = await v.get(path);
      expect(res.status, path).toBeLessThan(400);
      const csp = res.res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("unsafe-inline");
      expect(res.res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.res.headers.get("referrer-policy"), path).toBe("no-referrer");
      if (res.res.headers.get("content-type")?.includes("html")) {
        expect(res.html, path).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);
        expect(res.html, path).not.toMatch(/(src|href)="(https?:)?\/\//);
        expect(res.html, path).not.toMatch(/\sstyle="/);
      }
    }
  });

  it("keeps status pages, the confirmation and the link pages out of search engines (header and meta)", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.propose("/propose", deskFields());
    expect(res.html).toContain('<meta name="robots" content="noindex, nofollow">');
    const status = await v.get(res.location!);
    expect(status.res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.confirmation.res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    for (const path of ["/propose/link", "/propose/received"]) expect((await v.get(path)).res.headers.get("x-robots-tag"), path).toBe("noindex, nofollow");
    // the public pages are indexed
    for (const path of ["/propose", "/challenges", "/partnerships"]) {
      const page = await v.get(path);
      expect(page.res.headers.get("x-robots-tag"), path).toBeNull();
      expect(page.html, path).not.toContain('name="robots"');
    }
  });

  it("another method on a desk path is 405 with Allow, as the desk's own page (never Express's)", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/partnerships.csv", "GET, HEAD"],
      ["DELETE", "/partnerships.json", "GET, HEAD"],
      ["POST", "/partnerships", "GET, HEAD"],
      ["PUT", "/propose", "GET, HEAD, POST"],
      ["GET", "/propose/send", "POST"],
      ["PATCH", "/propose/link", "GET, HEAD, POST"],
      ["POST", "/propose/status/abc", "GET, HEAD"],
    ]) {
      const res = await fetch(`${h.app.url}${path}`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: method === "GET" ? undefined : "a=b" });
      const html = await res.text();
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect(html, `${method} ${path}`).toContain("この方法ではページを利用できません");
      expect(html, `${method} ${path}`).not.toContain("Cannot ");
      expect(res.headers.get("content-security-policy"), `${method} ${path}`).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), `${method} ${path}`).toBe("nosniff");
    }
    // HEAD of a page is a GET without a body
    expect((await fetch(`${h.app.url}/partnerships.csv`, { method: "HEAD" })).status).toBe(200);
  });

  it("answers 404 for anything else under the desk, and the desk can be turned off", async () => {
    const v = new DeskVisitor(h.app.url);
    for (const path of ["/propose/x", "/assets/../package.json", "/assets/desk.ts", "/challenges/1", "/partnerships/x"]) {
      expect((await v.get(path)).status, path).toBe(404);
    }
    await h.cleanup();
    h = await startHarness({ env: { PUBLIC_DESK: "0" } });
    for (const path of ["/propose", "/challenges", "/partnerships", "/partnerships.csv"]) expect((await fetch(`${h.app.url}${path}`)).status, path).toBe(404);
  });
});

describe("what strangers cannot bend", () => {
  it("a stranger who names a real company first cannot change how the register names its agreement, nor break the CSV", async () => {
    // the stranger uses the company's public 法人番号 with a name of their own (a line break is refused, so a look-alike)
    const stranger = await new DeskVisitor(h.app.url).propose("/propose", deskFields({ companyName: "=みなとテック偽", contactName: "他人" }));
    expect(stranger.status).toBe(303);
    const res = await h.api("POST", "/api/proposals", { company: { name: "株式会社みなとテック", corporateNumber: "7000012050002", contactName: "山田花子", email: "hanako@example.co.jp" }, title: "講座", summary: "講座", fields: ["education"], pattern: "other", costToCity: false });
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    const edu = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };
    await h.app.workflow.takeUp(routing.id, {}, edu);
    await h.app.workflow.registerAgreement({ proposalId: res.json.id, companyName: "株式会社みなとテック", corporateNumber: "7000012050002", title: "教育連携協定", pattern: "other", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31" }, edu);
    const page = textOfHtml((await new DeskVisitor(h.app.url).get("/partnerships")).html);
    expect(page).toContain("株式会社みなとテック");
    expect(page).not.toContain("偽");
    const csv = await (await fetch(`${h.app.url}/partnerships.csv`)).text();
    expect(csv.replace(/^\uFEFF/, "").trim().split("\r\n")).toHaveLength(2);
    expect(csv).not.toContain("偽");
    // and the directory now carries the name staff concluded the agreement under
    expect((await h.app.store.read.companies.findByCorporateNumber("7000012050002"))?.name).toBe("株式会社みなとテック");
  });

  it("a proposal sent under a known company's 法人番号 with another name is flagged to staff, and does not rewrite the directory's contact", async () => {
    const real = await h.api("POST", "/api/proposals", { company: { name: "株式会社みなとテック", corporateNumber: "7000012050002", contactName: "山田花子", email: "hanako@example.co.jp" }, title: "講座", summary: "講座", fields: ["education"], pattern: "other", costToCity: false });
    expect(real.status).toBe(201);
    const before = await h.app.store.read.companies.findByCorporateNumber("7000012050002");
    const res = await new DeskVisitor(h.app.url).propose("/propose", deskFields({ companyName: "株式会社テスト", contactName: "なりすまし", email: "fake@example.net" }));
    expect(res.status).toBe(303);
    expect(await h.app.store.read.companies.findByCorporateNumber("7000012050002")).toEqual(before);
    await h.deliver();
    const summaries = h.fake.posted("C0WINDOW").map((m) => textOf(m.blocks));
    const flagged = summaries.find((t) => t.includes("提案に書かれた企業名"));
    expect(flagged, "the window's summary of the web proposal").toBeDefined();
    expect(flagged).toContain("株式会社テスト（法人番号の登録名と異なります。本人確認のうえ対応してください）");
    expect(flagged).toContain("公開フォーム（本人確認なし）");
    // the proposal keeps its own contact: the department can still reach whoever sent it
    expect(flagged).toContain("fake@example.net");
  });

  it("nothing from outside changes a directory record: a stranger's 法人番号 for a known company stays on the proposal, flagged, and the real firm's proposal joins the same record", async () => {
    // the company is known to the directory without a 法人番号 (here filed by an API proposal)
    const known = await h.api("POST", "/api/proposals", { company: { name: "株式会社みなとテック", contactName: "山田花子", email: "hanako@example.co.jp" }, title: "講座", summary: "講座", fields: ["education"], pattern: "other", costToCity: false });
    expect(known.status).toBe(201);
    const before = await h.app.store.read.companies.findByNormalizedName(normalizeCompanyName("株式会社みなとテック"));
    expect(before?.corporateNumber).toBeNull();
    // a stranger names it from the desk with a number of their choosing (well formed, not the firm's)
    const attack = await new DeskVisitor(h.app.url).propose("/propose", deskFields({ companyName: "株式会社みなとテック", corporateNumber: "5010001008846", contactName: "他人", email: "x@evil.example" }));
    expect(attack.status).toBe(303);
    expect(await h.app.store.read.companies.get(before!.id)).toEqual(before);
    // the API cannot either (a number, a contact)
    expect((await h.api("POST", "/api/proposals", { company: { name: "株式会社みなとテック", corporateNumber: "5010001008846", contactName: "他人2", email: "y@evil.example" }, title: "講座2", summary: "講座", fields: [], pattern: "other", costToCity: false })).status).toBe(201);
    expect(await h.app.store.read.companies.get(before!.id)).toEqual(before);
    // the proposal keeps what it was sent, and staff see the number as unconfirmed
    const sent = (await proposals()).find((p) => p.contactName === "他人")!;
    expect(sent.companyId).toBe(before!.id);
    expect(sent.submittedCorporateNumber).toBe("5010001008846");
    await h.deliver();
    const summary = h.fake.posted("C0WINDOW").map((m) => textOf(m.blocks)).find((t) => t.includes("他人"));
    expect(summary).toContain("提案に書かれた法人番号");
    expect(summary).toContain("5010001008846（未確認。企業ディレクトリには登録していません。本人確認のうえ対応してください）");
    // the real firm later sends its real number, its name typed with a zero-width space: the same one record
    const real = await new DeskVisitor(h.app.url).propose("/propose", deskFields({ companyName: "株式会社\u200bみなとテック", corporateNumber: "7000012050002", title: "本物の提案" }));
    expect(real.status).toBe(303);
    const mine = (await proposals()).find((p) => p.title === "本物の提案")!;
    expect(mine.companyId).toBe(before!.id);
    expect(await h.app.store.read.companies.search(normalizeCompanyName("みなとテック"), 10)).toHaveLength(1);
    // staff concluding an agreement may file the number: that change is audited with the old value
    const routing = (await h.app.store.read.routings.listByProposal(mine.id))[0];
    const edu = { platform: "slack" as const, userId: "U0E1", channelId: "C0EDU" };
    await h.app.workflow.takeUp(routing.id, {}, edu);
    await h.app.workflow.registerAgreement({ proposalId: mine.id, companyName: "株式会社みなとテック", corporateNumber: "7000012050002", title: "協定", pattern: "tech_trial", departmentCode: "school-education", startDate: "2027-04-01", endDate: "2028-03-31" }, edu);
    expect((await h.app.store.read.companies.get(before!.id))?.corporateNumber).toBe("7000012050002");
    const audits = (await h.app.store.read.audit.listBetween(null, null, 0, 10_000)).filter((e) => e.action === "company.updated");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: "slack:U0E1", subjectId: before!.id });
    expect(audits[0].data).toMatchObject({ before: { corporateNumber: null }, after: { corporateNumber: "7000012050002" } });
  });

  it("a repeated submission keeps its first status link (the desk never issues a second), and no link is stored in the clear; reused for other content it starts afresh", async () => {
    const v = new DeskVisitor(h.app.url);
    const confirm = await v.submit("/propose", deskFields());
    const carried = hiddenFields(confirm.html);
    const submission = carried.get("submission")!;
    const link = (html: string) => /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(html)![1];
    const first = link((await v.post("/propose/send", carried)).html);
    const again = await v.post("/propose/send", carried);
    expect(again.status).toBe(200);
    expect(again.html).not.toContain("/propose/status/");
    expect((await v.get(first)).status).toBe(200);
    const keys = await h.app.store.read.keys.get(`intake:web:${submission}`);
    expect(JSON.stringify(keys)).not.toContain(first.split("/").at(-1));
    // the same submission id with other content (the first answer lost, then an edit) is refused once, then goes as a new one
    carried.set("title", "直した件名");
    const edited = await v.post("/propose/send", carried);
    expect(edited.status).toBe(422);
    const fresh = /name="submission" value="([^"]+)"/.exec(edited.html)![1];
    expect(fresh).not.toBe(submission);
    carried.set("submission", fresh);
    expect((await v.post("/propose/send", carried)).status).toBe(303);
    expect(await proposals()).toHaveLength(2);
  });

  it("with PUBLIC_BASE_URL the receipt's link is absolute on that address, whatever the Host header says", async () => {
    await h.cleanup();
    h = await startHarness({ env: { PUBLIC_BASE_URL: "https://desk.example.jp/" } });
    // (https: the cookies are Secure and __Host-, which a plain-http client does not send back; checked on the headers)
    const page = await fetch(`${h.app.url}/propose`, { headers: { host: "evil.example" } });
    const cookies = page.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("__Host-desk.csrf=") && /;\s*Secure/i.test(c))).toBe(true);
    expect(page.headers.get("strict-transport-security")).toContain("max-age=");
    const html = await page.text();
    expect(html).not.toContain("evil.example");
  });

  it("a closed or unknown call is said so in the page's language, and the proposal can then go as a general one", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.submit("/propose?lang=en", deskFields({ challenge: "C-0042" }));
    expect(res.status).toBe(422);
    expect(textOfHtml(res.html)).toContain("The call named does not exist");
    expect(res.html).not.toContain('name="challenge"');
    expect((await v.propose("/propose?lang=en", deskFields())).status).toBe(303);
  });

  it("malformed requests get the desk's own 4xx page, not a 500; the language switch of a 404 never leads off the site", async () => {
    const v = new DeskVisitor(h.app.url);
    const bad = await fetch(`${h.app.url}/propose`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-16" }, body: "a=b" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const pct = await v.get("/propose/status/%");
    expect(pct.status).toBe(400);
    expect(pct.html).toContain('<html lang="ja">');
    const off = await v.get("/propose//evil.example/x");
    expect(off.status).toBe(404);
    expect(off.html).not.toMatch(/href="\/\//);
    expect(off.html).toContain('href="/propose//evil.example/x?lang=en"');
  });
});
