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

describe("logs keep platform ids readable", () => {
  it("Slack timestamps and Teams channel ids are not masked; names in contact fields are", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger("info", sink);
    log.info(
      { ts: "1732212345.000100", channel: "19:health-channel@thread.tacv2", chat: "19:abc@thread.skype", activity: "1732212345123", contactName: "山田花子", company: { contactName: "佐藤一郎" }, phone: "+81 3 1234 5678", mobile: "09012345678" },
      "posted 1732212345.000100 in 19:health-channel@thread.tacv2",
    );
    const out = lines.join("");
    expect(out).toContain("1732212345.000100");
    expect(out).toContain("19:health-channel@thread.tacv2");
    expect(out).toContain("19:abc@thread.skype");
    expect(out).toContain("1732212345123");
    expect(out).not.toContain("山田花子");
    expect(out).not.toContain("佐藤一郎");
    expect(out).not.toContain("1234 5678");
    expect(out).not.toContain("09012345678");
    expect(out.match(/\[phone\]/g)).toHaveLength(1); // the mobile number, and nothing else
    expect(out).not.toContain("[email]");
  });
});
