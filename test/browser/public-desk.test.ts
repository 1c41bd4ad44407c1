/**
 * Issue 13 in a real browser (Debian's headless Chromium via playwright-core): a company proposes with
 * the keyboard alone, sees its errors in Japanese, gets a receipt and follows its proposal; a theme call
 * published from Slack appears and closes at its deadline; an agreement appears in the register and its
 * CSV. axe-core scans every page for serious or critical WCAG violations.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { addDays, tokyoDate } from "../../src/domain/calendar";
import { axeSerious, launchChromium, NO_BROWSER, tabTo } from "../helpers/browser";
import { textOf } from "../helpers/fake-slack";
import { messageWithButton, openedView, press, submit } from "../helpers/flows";
import { proposalBody, startHarness, type Harness } from "../helpers/harness";
import { input } from "../helpers/slack-client";

let browser: Browser;
let h: Harness;
let context: BrowserContext;
let page: Page;
/** every URL the browser asked for: nothing may leave the machine */
let requested: string[];

beforeAll(async () => {
  if (!NO_BROWSER) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  h = await startHarness();
  context = await browser.newContext({ locale: "ja-JP" });
  page = await context.newPage();
  requested = [];
  page.on("request", (r) => requested.push(r.url()));
});
afterEach(async () => {
  await context.close();
  await h.cleanup();
  expect(requested.filter((u) => !u.startsWith(h.app.url) && !u.startsWith("data:"))).toEqual([]);
});

async function expectAccessible(label: string) {
  const violations = await axeSerious(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function pressAndLoad(key: string) {
  await Promise.all([page.waitForEvent("load"), page.keyboard.press(key)]);
}

const activeId = () => page.evaluate(() => document.activeElement?.id ?? "");
const text = (selector: string) => page.locator(selector).innerText();

describe.skipIf(NO_BROWSER)("the proposal desk in a browser", () => {
  it("proposing with the keyboard only: Japanese errors by each field, a receipt, and a status page that follows Slack", async () => {
    await page.goto(`${h.app.url}/propose`);
    await expectAccessible("the empty form");

    // the first Tab reaches the skip link, and focus is visible
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("本文へ移動");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");

    // sending the empty form: every error in Japanese, next to its field, and focus on the summary
    await tabTo(page, "submit");
    await pressAndLoad("Enter");
    expect(await activeId()).toBe("error-summary");
    expect(await text("#error-summary h2")).toMatch(/^\d+件の項目を確認してください$/);
    expect(await text("#err-companyName")).toBe("入力してください");
    expect(await text("#err-email")).toBe("入力してください");
    expect(await text("#err-pattern")).toBe("どれか一つを選んでください");
    expect(await text("#err-consent")).toBe("同意にチェックを入れてください");
    expect(await page.getAttribute("#companyName", "aria-describedby")).toContain("err-companyName");
    expect(await page.title()).toMatch(/^エラー：/);
    await expectAccessible("the form with errors");

    // filled in with the keyboard alone
    await tabTo(page, "companyName");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");
    await page.keyboard.type("株式会社みなとテック");
    await tabTo(page, "corporateNumber");
    await page.keyboard.type("1234567890123");
    // the 法人番号 is checked as it is typed, and the result read out (aria-live)
    await expect.poll(() => text("#corporateNumber-live")).toBe("チェックディジットが一致しません。番号をご確認ください");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    // typed as people do, with full-width digits and dashes: read as the same number, here and on the server
    await page.keyboard.type("７０００ー01-2050002");
    await expect.poll(() => text("#corporateNumber-live")).toBe("法人番号の形式は正しいです");
    await tabTo(page, "contactName");
    await page.keyboard.type("山田花子");
    await tabTo(page, "email");
    await page.keyboard.type("hanako@example.co.jp");
    await tabTo(page, "phone");
    await page.keyboard.type("03ー1234ー5678"); // the dash of kana input
    await tabTo(page, "title");
    await page.keyboard.type("小学校でのプログラミング教育講座");
    await tabTo(page, "summary");
    await page.keyboard.type("区立小学校でAIを使ったプログラミング講座を開く提案です。");
    await tabTo(page, "field-0"); // education
    await page.keyboard.press("Space");
    await tabTo(page, "pattern-co_hosting");
    await page.keyboard.press("ArrowDown"); // tech_trial
    expect(await page.isChecked("#pattern-tech_trial")).toBe(true);
    await tabTo(page, "cost-no");
    await page.keyboard.press("Space");
    await tabTo(page, "consent");
    await page.keyboard.press("Space");
    await tabTo(page, "submit");
    await pressAndLoad("Enter");

    // 確認: what will be sent, nothing stored yet; "send" with the keyboard
    expect(await text("h1")).toBe("入力内容の確認");
    expect(await text("ol.steps li[aria-current=step]")).toContain("確認");
    expect(await h.app.store.read.proposals.listOpen(10)).toHaveLength(0);
    await tabTo(page, "send");
    await pressAndLoad("Enter");

    // the receipt is the status page itself (a reload cannot send the form again): the number and the private link
    expect(await text("h1")).toBe("提案を受け付けました");
    expect(await text("#number")).toBe("P-0001");
    const stored = (await h.app.store.read.proposals.listOpen(10))[0];
    expect(stored.phone).toBe("03-1234-5678");
    expect((await h.app.store.read.companies.get(stored.companyId))?.corporateNumber).toBe("7000012050002");
    await expectAccessible("the receipt");
    const link = await page.locator(".receipt-link a").getAttribute("href");
    expect(link).toMatch(/^\/propose\/status\/[A-Za-z0-9_-]{32}$/);
    await page.reload();
    expect(await text("#number")).toBe("P-0001");
    expect(await h.app.store.read.proposals.listOpen(10)).toHaveLength(1);
    await page.locator(".receipt-link a").focus();
    await pressAndLoad("Enter");
    expect(await text("h1")).toBe("提案の状況");
    expect(await text("#stage")).toBe("受付");
    expect(await page.getAttribute("li[aria-current=step]", "aria-current")).toBe("step");
    await expectAccessible("the status page");

    // the department takes it up in Slack: the company's page shows the new stage
    await h.deliver();
    const routing = messageWithButton(h, "C0EDU", "proposal.take");
    await press(h, "U0E1", "C0EDU", routing, "proposal.take");
    await expect.poll(async () => {
      await page.reload();
      return text("#stage");
    }).toBe("担当部署での検討");

    // the English page says the same in English
    await page.goto(`${h.app.url}${link}?lang=en`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await text("#stage")).toBe("Consideration by a department");
    await expectAccessible("the status page in English");
  });

  it("reads on a phone without sideways scrolling; the empty lists, the English pages and the error pages pass the scan too", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/propose", "/propose?lang=en", "/propose/link", "/propose/link?lang=en", "/propose/link?sent=1", "/propose/received", "/propose/privacy", "/propose/privacy?lang=en", "/challenges", "/challenges?lang=en", "/partnerships", "/partnerships?lang=en", "/propose/status/not-a-token", "/propose/nothing?lang=en"]) {
      await page.goto(`${h.app.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
      await expectAccessible(path);
    }
  });
});

describe.skipIf(NO_BROWSER)("the confirmation step (入力 → 確認 → 完了) with the keyboard only", () => {
  it("goes back to edit with everything kept, then sends; the steps are announced; no serious axe violation on any step", async () => {
    await page.goto(`${h.app.url}/propose?lang=en`);
    expect(await page.getAttribute("ol.steps li[aria-current=step]", "aria-current")).toBe("step");
    expect(await text("ol.steps li[aria-current=step]")).toContain("Enter");
    for (const [id, value] of [["companyName", "株式会社みなとテック"], ["contactName", "Hanako Yamada"], ["email", "hanako@example.co.jp"], ["title", "Programming <class> & more"], ["summary", "Line one\nLine two"]]) {
      await tabTo(page, id);
      await page.keyboard.type(value);
    }
    await tabTo(page, "field-0");
    await page.keyboard.press("Space");
    await tabTo(page, "field-1");
    await page.keyboard.press("Space");
    await tabTo(page, "pattern-co_hosting");
    await page.keyboard.press("ArrowDown"); // tech_trial
    await tabTo(page, "cost-no"); // the group's first radio; the arrow moves to the other one
    await page.keyboard.press("ArrowDown");
    expect(await page.isChecked("#cost-yes")).toBe(true);
    await tabTo(page, "consent");
    await page.keyboard.press("Space");
    await tabTo(page, "submit");
    await pressAndLoad("Enter");

    // 確認
    expect(await text("h1")).toBe("Check your proposal");
    expect(await text("ol.steps li[aria-current=step]")).toContain("Check");
    const shown = await page.locator("dl.confirm").innerText();
    for (const v of ["株式会社みなとテック", "Programming <class> & more", "Line one\nLine two", "education · health", "Advanced-technology field trial", "Likely to cost"]) expect(shown, v).toContain(v);
    await expectAccessible("the confirmation page");
    expect(await h.app.store.read.proposals.listOpen(10)).toHaveLength(0);

    // back to edit, with Space: every field as it was, the check boxes, the radios and the consent too
    await tabTo(page, "edit");
    await pressAndLoad("Space");
    expect(await text("h1")).toBe("Propose a partnership");
    expect(await page.inputValue("#title")).toBe("Programming <class> & more");
    expect(await page.inputValue("#summary")).toBe("Line one\nLine two");
    expect(await page.isChecked("#field-0")).toBe(true);
    expect(await page.isChecked("#field-1")).toBe(true);
    expect(await page.isChecked("#pattern-tech_trial")).toBe(true);
    expect(await page.isChecked("#cost-yes")).toBe(true);
    expect(await page.isChecked("#consent")).toBe(true);
    await expectAccessible("the form after going back");
    // a change, then 確認 again and send with Enter
    await tabTo(page, "cost-yes");
    await page.keyboard.press("ArrowUp"); // no cost
    expect(await page.isChecked("#cost-no")).toBe(true);
    await tabTo(page, "submit");
    await pressAndLoad("Enter");
    expect(await page.locator("dl.confirm").innerText()).toContain("No cost to");
    await tabTo(page, "send");
    await pressAndLoad("Enter");

    // 完了: the receipt, stored once, in English
    expect(await text("h1")).toBe("Proposal received");
    expect(await text("ol.steps li[aria-current=step]")).toContain("Done");
    const [stored] = await h.app.store.read.proposals.listOpen(10);
    expect(stored).toMatchObject({ title: "Programming <class> & more", summary: "Line one\nLine two", fields: ["education", "health"], costToCity: false, locale: "en" });
    await expectAccessible("the receipt in English");
  });
});

describe.skipIf(NO_BROWSER)("calls for proposals and the partnership register", () => {
  it("a theme call published from Slack appears on /challenges, takes proposals, and closes at its deadline with a summary", async () => {
    const deadline = addDays(tokyoDate(h.clock.now()), 2);
    expect((await h.slack.command("U0E1", "C0EDU", "challenge")).status).toBe(200);
    const view = await openedView(h, 1);
    expect(view.callback_id).toBe("form.challenge");
    const answer = await submit(h, "U0E1", view, {
      kind: input.select("theme_call"),
      title: input.text("子どもの居場所づくり"),
      description: input.text("放課後の子どもの居場所を一緒に考えてくれる企業を募集します。"),
      departmentCode: input.select("school-education"),
      deadline: input.date(deadline),
    });
    expect(answer.response_action ?? "clear").not.toBe("errors");
    await expect.poll(async () => (await h.app.store.read.challenges.listPublic(10)).length).toBe(1);
    // the department and the window (which answers companies' questions) are told
    await h.deliver();
    for (const channel of ["C0EDU", "C0WINDOW"]) {
      expect(h.fake.posted(channel).some((m) => textOf(m.blocks).includes("地域課題・テーマ型募集 C-0001 を公開しました")), channel).toBe(true);
    }

    await page.goto(`${h.app.url}/challenges`);
    const card = page.locator("#C-0001");
    expect(await card.locator("h2").innerText()).toBe("子どもの居場所づくり");
    expect(await card.innerText()).toContain("募集中");
    expect(await card.innerText()).toContain("テーマ型募集");
    await expectAccessible("/challenges");

    // a company answers the call: the form says so, and the proposal goes to the department that asked
    await card.locator("a.button").focus();
    await pressAndLoad("Enter");
    expect(await text(".note")).toContain("C-0001");
    for (const [id, value] of [["companyName", "株式会社こどもラボ"], ["contactName", "佐藤"], ["email", "sato@example.jp"], ["title", "放課後の居場所アプリ"], ["summary", "居場所の空き状況を共有します。"]]) {
      await page.fill(`#${id}`, value);
    }
    await page.check("#pattern-other");
    await page.check("#cost-no");
    await page.check("#consent");
    await Promise.all([page.waitForEvent("load"), page.click("#submit")]);
    expect(await page.locator("dl.confirm").innerText()).toContain("C-0001");
    await Promise.all([page.waitForURL(/\/propose\/status\//), page.click("#send")]);
    expect(await text("h1")).toBe("提案を受け付けました");
    const [proposal] = await h.app.store.read.proposals.listOpen(10);
    expect(proposal.challengeId).toBeTruthy();
    expect((await h.app.store.read.routings.listByProposal(proposal.id)).map((r) => r.departmentCode)).toEqual(["school-education"]);
    // the department's request names the call it answers
    await h.deliver();
    expect(textOf(messageWithButton(h, "C0EDU", "proposal.take").blocks)).toContain("C-0001「子どもの居場所づくり」");

    // the deadline passes: the sweep closes the call and tells the department what came in
    h.clock.advance(3 * 24 * 3600_000);
    const report = await h.app.workflow.runSweep(h.clock.now());
    expect(report.challengesClosed).toBe(1);
    await h.deliver();
    const summary = h.fake.posted("C0EDU").find((m) => textOf(m.blocks).includes("募集 C-0001 を締め切りました"));
    expect(summary, "the closing summary in the department's channel").toBeDefined();
    expect(textOf(summary!.blocks)).toContain("この募集に 1 件の提案が届きました。");
    expect(textOf(summary!.blocks)).toContain("放課後の居場所アプリ");
    await page.goto(`${h.app.url}/challenges`);
    expect(await page.locator("#C-0001").innerText()).toContain("締切済み");
    expect(await page.locator("#C-0001 a.button").count()).toBe(0);
    // closed once only; a late answer (here through the API) is refused and stores nothing
    expect((await h.app.workflow.runSweep(h.clock.now())).challengesClosed).toBe(0);
    const late = await h.api("POST", "/api/proposals", proposalBody({ challenge: "C-0001" }));
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.json)).toContain("この募集は締め切られています");
    expect(await h.app.store.read.proposals.listOpen(10)).toHaveLength(1);
  });

  it("an agreement concluded in Slack appears on /partnerships and in its CSV and JSON, without personal data", async () => {
    const res = await h.api("POST", "/api/proposals", { company: { name: "=株式会社みなとテック", corporateNumber: "7000012050002", contactName: "山田花子", email: "hanako@example.co.jp" }, title: "プログラミング教育", summary: "講座", fields: ["education"], pattern: "tech_trial", costToCity: false });
    expect(res.status).toBe(201);
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, {}, { platform: "slack", userId: "U0E1", channelId: "C0EDU" });
    await h.deliver();
    const owner = messageWithButton(h, "C0EDU", "agreement.register");
    await press(h, "U0E1", "C0EDU", owner, "agreement.register");
    const form = await openedView(h, 1);
    const start = tokyoDate(h.clock.now());
    await submit(h, "U0E1", form, {
      companyName: input.text("=株式会社みなとテック"),
      title: input.text("プログラミング教育に関する協定"),
      pattern: input.select("tech_trial"),
      departmentCode: input.select("school-education"),
      startDate: input.date(start),
      endDate: input.date(addDays(start, 364)),
      costToCity: input.check(false),
      moneyTerms: input.text(""),
      documentUrl: { type: "url_text_input", value: "https://docs.example.city/agreements/1.pdf" },
      exceptionReason: input.text(""),
      notes: input.text(""),
    });
    await expect.poll(async () => (await h.app.workflow.publicPartnerships()).length).toBe(1);

    await page.goto(`${h.app.url}/partnerships`);
    const row = await page.locator("tbody tr").innerText();
    expect(row).toContain("実施中");
    expect(row).toContain("=株式会社みなとテック");
    expect(row).toContain("プログラミング教育に関する協定");
    expect(row).toContain("先端技術の実証実験");
    expect(row).toContain("学校教育部");
    await expectAccessible("/partnerships");
    await page.goto(`${h.app.url}/partnerships?lang=en`);
    expect(await page.locator("tbody tr").innerText()).toContain("School Education");
    await expectAccessible("/partnerships in English");
    // on a phone each agreement is a card: nothing scrolls sideways, and each value keeps its column's name
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${h.app.url}/partnerships`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.locator("tbody td").nth(2).evaluate((td) => getComputedStyle(td, "::before").content)).toContain("件名");
    await expectAccessible("/partnerships on a phone");

    const csv = await (await fetch(`${h.app.url}/partnerships.csv`)).text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("number,company,corporate_number,title,pattern,pattern_name,department_code,department,start_date,end_date,state,origin");
    // a cell that would run as a formula in Excel is kept as text
    expect(lines[1]).toContain("'=株式会社みなとテック");
    expect(lines[1]).toContain("学校教育部");
    const json = await (await fetch(`${h.app.url}/partnerships.json`)).json();
    expect(json.partnerships[0]).toMatchObject({ company: "=株式会社みなとテック", title: "プログラミング教育に関する協定", departmentCode: "school-education", startDate: start });
    for (const personal of ["山田花子", "hanako@example.co.jp"]) expect(csv + JSON.stringify(json)).not.toContain(personal);
  });
});
