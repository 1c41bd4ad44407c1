/**
 * Headless Chromium from Debian's packages (the `chromium` executable; .ci/run installs it), driven by
 * playwright-core, and axe-core run inside the page. No browser is downloaded.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Without Chromium on this machine the browser suites are skipped, loudly; .ci/run installs it and sets
 * REQUIRE_BROWSER=1, so there they always run.
 */
export const NO_BROWSER = !existsSync(CHROMIUM) && process.env.REQUIRE_BROWSER !== "1";
if (NO_BROWSER) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // no background traffic: this machine's network is closed, and a test must make no outside request
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Presses Tab until the element with this id has focus (it must be reachable by keyboard alone). */
export async function tabTo(page: Page, id: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`#${id} cannot be reached with the Tab key`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** Runs axe-core on the page (WCAG 2.0–2.2 A and AA rules); returns the serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: the page's CSP (script-src 'self') does not apply to it
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  )) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
}
