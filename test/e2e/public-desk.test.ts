/**
 * Issue 13, the public desk over HTTP (no browser): what a stranger can and cannot do. The browser
 * journey (keyboard, axe) is in test/browser/public-desk.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_PAGES } from "../../src/platforms/web/desk";
import { DeskVisitor, deskFields, textOfHtml } from "../helpers/desk-client";
import { messageWithButton, press } from "../helpers/flows";
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
    expect(res.status).toBe(201);
    expect(textOfHtml(res.html)).toContain("提案を受け付けました");
    expect(textOfHtml(res.html)).toContain("P-0001");
    const link = /href="(http:\/\/[^"]+\/propose\/status\/([A-Za-z0-9_-]+))"/.exec(res.html);
    expect(link).not.toBeNull();
    expect(link![2].length).toBeGreaterThanOrEqual(32);
    const [p] = await proposals();
    expect(p.source).toBe("web");
    expect(p.companyId).toBeTruthy();
    // routed by the same rules as the API: education → school education
    expect((await h.app.store.read.routings.listByProposal(p.id)).map((r) => r.departmentCode)).toEqual(["school-education"]);
    // only the hash of the token is stored
    expect(JSON.stringify(await h.app.store.read.proposals.get(p.id))).not.toContain(link![2]);

    const status = await v.get(new URL(link![1]).pathname);
    expect(status.status).toBe(200);
    expect(status.html).toContain('現在の段階：<span id="stage">受付</span>');
    // another visitor with the link sees the same; a wrong token sees nothing
    expect((await new DeskVisitor(h.app.url).get(new URL(link![1]).pathname)).status).toBe(200);
    expect((await v.get(`/propose/status/${link![2].slice(0, -2)}xx`)).status).toBe(404);
    expect((await v.get("/propose/status/short")).status).toBe(404);
  });

  it("shows the stage a department's take-up in Slack moves it to, and nothing internal", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.submit("/propose", deskFields());
    const path = new URL(/href="(http:\/\/[^"]+\/propose\/status\/[^"]+)"/.exec(res.html)![1]).pathname;
    await h.deliver();
    const routing = messageWithButton(h, "C0EDU", "proposal.take");
    await press(h, "U0E1", "C0EDU", routing, "proposal.take");
    const page = async () => (await v.get(path)).html;
    await expect.poll(page).toContain('<span id="stage">担当部署で検討中</span>');
    const text = textOfHtml(await page());
    for (const internal of ["学校教育部", "U0E1", "山田花子", "hanako@example.co.jp", "03-1234-5678"]) expect(text).not.toContain(internal);
  });

  it("shows every error next to its field, in Japanese, and in English on the English page; stores nothing", async () => {
    const v = new DeskVisitor(h.app.url);
    const ja = await v.submit("/propose", deskFields({ companyName: "", corporateNumber: "1234567890123", email: "not-mail", pattern: "", costToCity: "", consent: "" }));
    expect(ja.status).toBe(422);
    const err = (field: string, html: string) => new RegExp(`id="err-${field}">([^<]+)<`).exec(html)?.[1];
    expect(err("companyName", ja.html)).toBe("入力してください");
    expect(err("corporateNumber", ja.html)).toBe("法人番号のチェックディジットが一致しません");
    expect(err("email", ja.html)).toBe("メールアドレスの形式で入力してください");
    expect(err("pattern", ja.html)).toBe("連携パターンを選んでください");
    expect(err("consent", ja.html)).toBe("同意のうえ送信してください");
    // tied to the field for screen readers, and summarised at the top with links to each field
    expect(ja.html).toMatch(/id="companyName"[^>]*aria-invalid="true" aria-describedby="err-companyName"/);
    expect(ja.html).toContain('<a href="#companyName">企業名：入力してください</a>');
    expect(ja.html).toContain("<title>エラー：");
    // what was typed is kept (escaped), so nothing has to be typed twice
    expect(ja.html).toContain('value="not-mail"');

    const en = await v.submit("/propose?lang=en", deskFields({ companyName: "", corporateNumber: "12345", consent: "" }));
    expect(en.status).toBe(422);
    expect(en.html).toContain('<html lang="en">');
    expect(err("companyName", en.html)).toBe("is required");
    expect(err("corporateNumber", en.html)).toBe("must be 13 digits");
    expect(err("consent", en.html)).toBe("Please agree before sending");
    expect(await proposals()).toHaveLength(0);
  });

  it("refuses a post without the form's token, or without the visitor's cookie, and stores nothing", async () => {
    const v = new DeskVisitor(h.app.url);
    const res = await v.submit("/propose", deskFields(), { dropCsrf: true });
    expect(res.status).toBe(403);
    expect(textOfHtml(res.html)).toContain("フォームの有効期限が切れました");
    // a token lifted from someone else's page does not work from another browser (no cookie)
    const page = await new DeskVisitor(h.app.url).get("/propose");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)![1];
    const stranger = await new DeskVisitor(h.app.url).post("/propose", new URLSearchParams({ ...(deskFields() as Record<string, string>), fields: "education", _csrf: token }));
    expect(stranger.status).toBe(403);
    expect(await proposals()).toHaveLength(0);
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
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await proposals()).toHaveLength(1);
  });

  it("limits proposals per address (X-Forwarded-For is not believed without TRUST_PROXY_HOPS), in the page's language", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = new DeskVisitor(h.app.url, { "x-forwarded-for": `203.0.113.${i}` });
      statuses.push((await v.submit("/propose", deskFields({ title: `提案 ${i}` }))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const en = await new DeskVisitor(h.app.url).submit("/propose?lang=en", deskFields());
    expect(en.status).toBe(429);
    expect(textOfHtml(en.html)).toContain("Too many submissions");
    expect(await proposals()).toHaveLength(3);
  });

  it("refuses control characters and the bot's own markup characters, and escapes markup", async () => {
    const v = new DeskVisitor(h.app.url);
    for (const title of ["ベル\u0007", "太字\uFDD0偽装"]) expect((await v.submit("/propose", deskFields({ title }))).status, JSON.stringify(title)).toBe(422);
    const ok = await v.submit("/propose", deskFields({ title: `<script>alert(1)</script> <!channel>` }));
    expect(ok.status).toBe(201);
    const path = new URL(/href="(http:\/\/[^"]+\/propose\/status\/[^"]+)"/.exec(ok.html)![1]).pathname;
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
