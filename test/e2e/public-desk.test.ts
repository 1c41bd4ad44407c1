/**
 * Issue 13, the public desk over HTTP (no browser): what a stranger can and cannot do. The browser
 * journey (keyboard, axe) is in test/browser/public-desk.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_PAGES } from "../../src/platforms/web/desk";
import { DeskVisitor, deskFields, textOfHtml } from "../helpers/desk-client";
import { messageWithButton, press } from "../helpers/flows";
import { textOf } from "../helpers/fake-slack";
import { startHarness, type Harness } from "../helpers/harness";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { PUBLIC_FORM_LIMIT: "3" } });
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
    const res = await v.submit("/propose", deskFields());
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
    const res = await v.submit("/propose", deskFields());
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
    const again = await v.submit("/propose", deskFields());
    expect(again.status).toBe(303);
    const before = (await proposals()).length;
    // a token lifted from someone else's page does not work from another browser (no cookie)
    const page = await new DeskVisitor(h.app.url).get("/propose");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)![1];
    const stranger = await new DeskVisitor(h.app.url).post("/propose", new URLSearchParams({ ...(deskFields() as Record<string, string>), fields: "education", _csrf: token }));
    expect(stranger.status).toBe(403);
    expect(await proposals()).toHaveLength(before);
  });

  it("a filled honeypot stores nothing", async () => {
    const res = await new DeskVisitor(h.app.url).submit("/propose", deskFields({ website: "http://spam.example" }));
    expect(res.status).toBe(400);
    expect(await proposals()).toHaveLength(0);
  });

  it("the same submission sent twice (a double click, a reload) is one proposal", async () => {
    const v = new DeskVisitor(h.app.url);
    const page = await v.get("/propose");
    const hidden = Object.fromEntries([...page.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const body = () => {
      const b = new URLSearchParams(hidden);
      for (const [k, x] of Object.entries(deskFields())) for (const y of Array.isArray(x) ? x : [x]) b.append(k, y);
      return b;
    };
    const first = await v.post("/propose", body());
    const second = await v.post("/propose", body());
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(await proposals()).toHaveLength(1);
  });

  it("limits proposals per address (X-Forwarded-For is not believed without TRUST_PROXY_HOPS), counting only stored ones, in the page's language", async () => {
    // forms sent back for corrections do not count
    for (let i = 0; i < 5; i++) expect((await new DeskVisitor(h.app.url).submit("/propose", deskFields({ email: "typo" }))).status).toBe(422);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = new DeskVisitor(h.app.url, { "x-forwarded-for": `203.0.113.${i}` });
      statuses.push((await v.submit("/propose", deskFields({ title: `提案 ${i}` }))).status);
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
    const ok = await v.submit("/propose", deskFields({ title: `<script>alert(1)</script> <!channel>` }));
    expect(ok.status).toBe(303);
    const path = /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(ok.html)![1];
    const status = await v.get(path);
    expect(status.html).not.toContain("<script>alert");
    expect(status.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
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
    const stranger = await new DeskVisitor(h.app.url).submit("/propose", deskFields({ companyName: "=みなとテック偽", contactName: "他人" }));
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
    const res = await new DeskVisitor(h.app.url).submit("/propose", deskFields({ companyName: "株式会社テスト", contactName: "なりすまし", email: "fake@example.net" }));
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

  it("a repeated submission gets a new status link (the old one stops), and no link is stored in the clear", async () => {
    const v = new DeskVisitor(h.app.url);
    const page = await v.get("/propose");
    const hidden = Object.fromEntries([...page.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const body = (fields = deskFields()) => {
      const b = new URLSearchParams(hidden);
      for (const [k, x] of Object.entries(fields)) for (const y of Array.isArray(x) ? x : [x]) b.append(k, y);
      return b;
    };
    const link = (html: string) => /class="receipt-link"><a href="(\/propose\/status\/[^"]+)"/.exec(html)![1];
    const first = link((await v.post("/propose", body())).html);
    const second = link((await v.post("/propose", body())).html);
    expect(second).not.toBe(first);
    expect((await v.get(first)).status).toBe(404);
    expect((await v.get(second)).status).toBe(200);
    const keys = await h.app.store.read.keys.get(`intake:web:${hidden.submission}`);
    expect(JSON.stringify(keys)).not.toContain(second.split("/").at(-1));
    // the same submission id with other content (the first answer lost, then an edit) is refused once, then goes as a new one
    const edited = await v.post("/propose", body(deskFields({ title: "直した件名" })));
    expect(edited.status).toBe(422);
    const fresh = /name="submission" value="([^"]+)"/.exec(edited.html)![1];
    expect(fresh).not.toBe(hidden.submission);
    hidden.submission = fresh;
    hidden._csrf = /name="_csrf" value="([^"]+)"/.exec(edited.html)![1];
    expect((await v.post("/propose", body(deskFields({ title: "直した件名" })))).status).toBe(303);
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
    expect((await v.submit("/propose?lang=en", deskFields())).status).toBe(303);
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
