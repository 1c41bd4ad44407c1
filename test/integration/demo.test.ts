import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { messages } from "../../src/i18n";
import { runDemo } from "../../src/trial/demo";
import { mixedOrg, testOrg } from "../helpers/org";

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

/** The printed channel blocks: "┌ platform channel (name) …" up to "└", by channel. */
function byChannel(lines: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const l of lines) {
    const head = /^ {2}┌ (\w+) (\S+) /.exec(l);
    if (head) {
      const key = `${head[1]}:${head[2]}`;
      current = out.get(key) ?? [];
      out.set(key, current);
    } else if (l.startsWith("  └")) current = null;
    else current?.push(l);
  }
  return out;
}

describe("the local trial (demo)", () => {
  it("walks one proposal from receipt to an agreement, printing what each channel would receive, and leaves nothing behind", async () => {
    const lines: string[] = [];
    const result = await runDemo(testOrg(), "ja", (l) => lines.push(l));
    expect(result.status).toBe("concluded");
    const channels = byChannel(lines);
    // routed to a department, summarised to the window, decided by the board, concluded in the department's channel
    expect(channels.get("slack:C0EDU")!.join("\n")).toContain("引き受け依頼");
    expect(channels.get("slack:C0WINDOW")!.join("\n")).toContain(`新しい連携提案 ${result.proposalNumber}`);
    expect(channels.get("slack:C0BOARD")!.join("\n")).toMatch(/承認 3/);
    expect(channels.get("slack:C0EDU")!.join("\n")).toContain("協定 A-0001");
    expect(lines.filter((l) => l.startsWith("\n━━ ")).length).toBeGreaterThanOrEqual(5);
    // the temporary database is gone
    const db = /（(\/[^（）]+demo\.db)）/.exec(lines[0])?.[1];
    expect(db).toBeDefined();
    expect(existsSync(db!)).toBe(false);
  });

  it("speaks English with LOCALE=en, and reaches Teams channels too", async () => {
    const lines: string[] = [];
    try {
      const result = await runDemo(mixedOrg(), "en", (l) => lines.push(l));
      expect(result.status).toBe("concluded");
    } finally {
      messages("ja", mixedOrg());
    }
    // the bot's own words; board members' names are the org config's (Japanese here)
    const narration = lines.filter((l) => !l.startsWith("  ") && !l.endsWith(" approves"));
    for (const l of narration) expect(l, l).not.toMatch(JAPANESE);
    expect([...byChannel(lines).keys()].some((k) => k.startsWith("teams:"))).toBe(true);
  });
});

describe("npm run cli -- demo", () => {
  it("runs from the command line with the configured org and never opens the office's database", async () => {
    const { execFile } = await import("node:child_process");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const office = join(mkdtempSync(join(tmpdir(), "partner-office-")), "app.db");
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ["dist/cli.js", "demo"], { env: { ...process.env, DATABASE_URL: `file:${office}`, LOCALE: "en", LOG_LEVEL: "silent" }, timeout: 60_000 }, (err, stdout) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("━━ 1. A company proposes");
    expect(out.stdout).toMatch(/Done: P-0001 is now "/);
    expect(existsSync(office)).toBe(false);
  });
});
