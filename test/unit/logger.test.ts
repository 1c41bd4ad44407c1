import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger";

describe("logs", () => {
  it("mask e-mail addresses, phone numbers and tokens", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger("info", sink);
    log.info({ note: "contact hanako@example.co.jp or 03-1234-5678", token: "xoxb-123-abc" }, "sent with Bearer abcdef");
    const out = lines.join("");
    expect(out).not.toContain("hanako@example.co.jp");
    expect(out).not.toContain("03-1234-5678");
    expect(out).not.toContain("xoxb-123-abc");
    expect(out).not.toContain("abcdef");
    expect(out).toContain("[email]");
  });
});
