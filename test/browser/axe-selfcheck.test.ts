/** The accessibility scan can fail: a page with known violations is reported (so a clean scan means something). */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { axeSerious, launchChromium, NO_BROWSER } from "../helpers/browser";

let browser: Browser;
beforeAll(async () => {
  if (!NO_BROWSER) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it.skipIf(NO_BROWSER)("axe reports an unlabelled field and unreadable contrast as serious", async () => {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html lang="ja"><head><title>t</title></head><body><main><h1>t</h1><input type="text"><p style="color:#ccc;background:#fff">薄い文字</p></main></body></html>`);
  const ids = (await axeSerious(page)).map((v) => v.id);
  expect(ids).toContain("label");
  expect(ids).toContain("color-contrast");
  await page.close();
});
