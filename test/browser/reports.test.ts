/**
 * Issue 22, what people see: the `report` command's private answer with a personal link, the page in
 * Chromium (axe: no serious or critical violation; a screenshot), the .xlsx read back with exceljs, the
 * CSV with its BOM, the CLI's files, and the scheduled report's PNG (decoded; Japanese drawn with the
 * embedded font, not as boxes) through the outbox at a signed URL.
 */
import { FIGURE_IDS } from "../../src/i18n/figures";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartSvg, svgToPng } from "../../src/app/reports/charts";
import { issue } from "../../src/app/reports/links";
import { runCli } from "../../src/cli";
import { parseEnv } from "../../src/config/env";
import { buildCore } from "../../src/core";
import { createLogger } from "../../src/logger";
import { SYSTEM } from "../../src/ports/chat";
import { axeSerious, launchChromium, NO_BROWSER } from "../helpers/browser";
import { eventually, proposalBody, startHarness, TestClock, type Harness } from "../helpers/harness";
import { testOrg } from "../helpers/org";

const clock = new TestClock(new Date("2027-06-01T10:00:00+09:00"));
let h: Harness;
let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), "reports-"));

beforeAll(async () => {
  h = await startHarness({ clock, env: { REPORTS_SECRET: "r".repeat(40) } });
  const wf = h.app.workflow;
  for (const [i, fields] of [["education"], ["health"], ["education"]].entries()) {
    clock.set(`2027-05-0${i + 1}T10:00:00+09:00`);
    const p = await wf.submitProposal(proposalBody({ fields, title: `提案${i}` }), { platform: "api", userId: "intake" });
    if (i === 0) {
      const routing = (await h.app.store.read.routings.listByProposal(p.id as string))[0];
      await wf.takeUp(routing.id, {}, SYSTEM);
    }
  }
  clock.set("2027-06-01T10:00:00+09:00");
  if (!NO_BROWSER) browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.cleanup();
});

/** a session cookie for a person, through the personal link */
async function session(user = "U0PLAN", channel = "C0RANDOM"): Promise<string> {
  const link = issue(h.app.workflow.reports.settings.keys, "link", { platform: "slack", userId: user, channelId: channel }, clock.now());
  const res = await fetch(`${h.app.url}/reports/open?token=${link}`, { redirect: "manual" });
  expect(res.status).toBe(303);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

describe("the report command", () => {
  it("answers the planning division privately with the key figures and a personal link", async () => {
    const res = await h.slack.command("U0PLAN", "C0RANDOM", "report");
    expect(res.status).toBe(200);
    const reply = await eventually(() => {
      const r = h.fake.calls.filter((c) => c.method.includes("response/")).at(-1);
      expect(r).toBeDefined();
      return r!.args as { response_type: string; blocks: unknown[] };
    });
    expect(reply.response_type).toBe("ephemeral");
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain("受付した提案：3件");
    const url = /(http:\/\/[^|"]+\/reports\/open\?token=[A-Za-z0-9_.-]+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const opened = await fetch(url!, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  });
  it("refuses anyone else, and a forged or expired link", async () => {
    expect((await fetch(`${h.app.url}/reports`, { headers: { cookie: await session("U0ANY") } })).status).toBe(403);
    expect((await fetch(`${h.app.url}/reports`)).status).toBe(401);
    expect((await fetch(`${h.app.url}/reports/open?token=abc.def`, { redirect: "manual" })).status).toBe(401);
    const cookie = await session();
    clock.set("2027-06-01T11:30:00+09:00");
    expect((await fetch(`${h.app.url}/reports`, { headers: { cookie } })).status).toBe(401);
    clock.set("2027-06-01T10:00:00+09:00");
  });
});

describe("the page", () => {
  it.skipIf(NO_BROWSER)("shows every figure as a chart and a table, passes axe, in Japanese and English", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const cookie = (await session()).split("=");
    await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join("="), url: h.app.url }]);
    const page = await context.newPage();
    await page.goto(`${h.app.url}/reports?year=2027`);
    expect(await page.locator("h1").textContent()).toContain("2027年度");
    // one section (a chart and its table) per figure of the one list the page, the chat and the files share
    expect(await page.locator("section.figure").count()).toBe(FIGURE_IDS.length);
    expect(await page.locator("section.figure img").count()).toBe(FIGURE_IDS.length);
    // every chart image loads (same-origin SVG, through the session)
    const loaded = await page.evaluate(() => Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0));
    expect(loaded).toBe(true);
    const violations = await axeSerious(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.screenshot({ path: join(dir, "reports.png"), fullPage: false });
    await page.goto(`${h.app.url}/reports?year=2027&lang=en&department=school-education`);
    expect(await page.locator("h1").textContent()).toContain("FY2027");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await axeSerious(page)).toEqual([]);
    console.log(`screenshot: ${join(dir, "reports.png")}`);
    await context.close();
  });
});

describe("files", () => {
  it("the .xlsx from the page reads back with the same rows, Japanese headers and dates as dates", async () => {
    const res = await fetch(`${h.app.url}/reports/file?year=2027&format=xlsx`, { headers: { cookie: await session() } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.length).toBe(FIGURE_IDS.length + 1); // a sheet per figure and the definitions
    const channel = wb.worksheets.find((w) => w.name.startsWith("受付経路別"))!;
    expect(channel.getRow(2).getCell(2).value).toBe("件数");
    expect(channel.getRow(4).getCell(1).value).toBe("API");
    expect(channel.getRow(4).getCell(2).value).toBe(3);
    const cover = wb.worksheets[0];
    expect(cover.getRow(3).getCell(2).value).toBeInstanceOf(Date);
  });
  it("the CSV is UTF-8 with a BOM and keeps formula-like cells as text", async () => {
    const res = await fetch(`${h.app.url}/reports/file?year=2027&format=csv`, { headers: { cookie: await session() } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("受付経路別の提案件数");
    expect(text).toContain("API,件数,3");
  });
  it("the CLI writes the same .xlsx and .csv", async () => {
    const env = parseEnv({ DATABASE_URL: h.databaseUrl, LOG_LEVEL: "silent" });
    const cli = (...argv: string[]) => runCli(argv, { out: () => undefined, err: (s) => console.error(s) }, env, () => buildCore(env, createLogger("silent"), { clock, org: testOrg(), skipMigrations: true }));
    expect(await cli("report", "--fiscal-year", "2027", "--format", "xlsx", "--out", join(dir, "r.xlsx"))).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "r.xlsx"));
    expect(wb.worksheets.find((w) => w.name.startsWith("受付経路別"))!.getRow(4).getCell(2).value).toBe(3);
    expect(await cli("report", "--fiscal-year", "2027", "--format", "csv", "--out", join(dir, "r.csv"))).toBe(0);
    expect(readFileSync(join(dir, "r.csv"), "utf8")).toContain("API,件数,3");
    expect(await cli("report", "--format", "csv")).toBe(2);
  });
});

describe("the scheduled report", () => {
  it("goes to the planning division's channel once, with the figures and a PNG at a signed URL", async () => {
    const now = new Date("2027-07-01T09:00:00+09:00");
    await h.app.workflow.reports.postScheduled(now);
    await h.app.workflow.reports.postScheduled(now); // a second replica on the same tick
    await h.deliver();
    const posted = h.fake.posted("C0PLAN");
    expect(posted).toHaveLength(1);
    const image = (posted[0].blocks as Array<{ type: string; image_url?: string; alt_text?: string }>).find((b) => b.type === "image")!;
    expect(image.alt_text).toContain("提案の結果");
    expect(JSON.stringify(posted[0].blocks)).toContain("受付した提案：3件");
    const res = await fetch(image.image_url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([760, 400]);
    // the URL is signed: another id or signature is 404
    expect((await fetch(image.image_url!.replace(/sig=[^&]+/, "sig=forged"))).status).toBe(404);
  });
  it("draws Japanese with the embedded font (without it, the title's kanji are not drawn)", async () => {
    const report = await h.app.workflow.reports.year(2027);
    const svg = await chartSvg(report.figures.find((f) => f.id === "byChannel")!, "ja");
    const { Resvg } = await import("@resvg/resvg-js");
    const ink = (withFont: boolean) => {
      // the title band only: count dark pixels
      const r = new Resvg(svg, { background: "#fff", font: { loadSystemFonts: false, fontFiles: withFont ? [require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf")] : [], defaultFontFamily: "Noto Sans JP" } }).render();
      const px = r.pixels;
      let dark = 0;
      for (let y = 0; y < 40; y++) for (let x = 0; x < r.width; x++) if (px[(y * r.width + x) * 4] < 128) dark++;
      return dark;
    };
    expect(ink(true)).toBeGreaterThan(200);
    expect(ink(false)).toBeLessThan(ink(true) / 10);
    expect((await svgToPng(svg)).length).toBeGreaterThan(5000);
  });
});
