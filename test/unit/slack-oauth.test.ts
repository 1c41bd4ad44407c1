/**
 * Issue 25, Slack through OAuth, the parts without a server: the environment's four variables, the
 * token cipher (AES-256-GCM), the install links, and how an installation is keyed (Enterprise Grid).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { slackInstallKey } from "../../src/app/tenants/slack-workspace";
import { parseEnv, slackEnabled, slackOAuth } from "../../src/config/env";
import { installUrl, issueInstallLink, verifyInstallLink } from "../../src/platforms/slack/install-link";
import { TokenCipher, TokenKeyError } from "../../src/platforms/slack/token-crypto";

const KEY = randomBytes(32).toString("base64");
const OAUTH = { SLACK_CLIENT_ID: "1234567890.0987654321", SLACK_CLIENT_SECRET: "test-client-secret-0123456789", SLACK_STATE_SECRET: "s".repeat(32), SLACK_TOKEN_KEY: KEY, SLACK_SIGNING_SECRET: "sig" };

describe("the environment of OAuth mode", () => {
  it("is on with all four variables (and the signing secret), off by default; the single-token mode is unchanged", () => {
    expect(slackOAuth(parseEnv({}))).toBe(false);
    expect(slackEnabled(parseEnv({}))).toBe(false);
    const env = parseEnv(OAUTH);
    expect(slackOAuth(env)).toBe(true);
    expect(slackEnabled(env)).toBe(true);
    const single = parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "sig" });
    expect(slackOAuth(single)).toBe(false);
    expect(slackEnabled(single)).toBe(true);
  });

  it("names what is missing or wrong", () => {
    expect(() => parseEnv({ ...OAUTH, SLACK_TOKEN_KEY: "" })).toThrow(/SLACK_TOKEN_KEY: required with SLACK_CLIENT_ID/);
    expect(() => parseEnv({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID })).toThrow(/SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_TOKEN_KEY/);
    expect(() => parseEnv({ ...OAUTH, SLACK_TOKEN_KEY: "c2hvcnQ=" })).toThrow(/SLACK_TOKEN_KEY: must be 32 bytes in base64/);
    expect(() => parseEnv({ ...OAUTH, SLACK_TOKEN_KEY: randomBytes(31).toString("base64") })).toThrow(/SLACK_TOKEN_KEY/);
    expect(() => parseEnv({ ...OAUTH, SLACK_CLIENT_ID: "abc" })).toThrow(/SLACK_CLIENT_ID/);
    expect(() => parseEnv({ ...OAUTH, SLACK_STATE_SECRET: "short" })).toThrow(/SLACK_STATE_SECRET/);
    expect(() => parseEnv({ ...OAUTH, SLACK_SIGNING_SECRET: "" })).toThrow(/SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID/);
    // two modes at once would leave it unclear whose token serves a request
    expect(() => parseEnv({ ...OAUTH, SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_BOT_TOKEN: leave it empty/);
    expect(() => parseEnv({ ...OAUTH, SLACK_APP_TOKEN: "xapp-1" })).toThrow(/SLACK_APP_TOKEN/);
    // a URL-safe key is a key too
    expect(slackOAuth(parseEnv({ ...OAUTH, SLACK_TOKEN_KEY: randomBytes(32).toString("base64url") }))).toBe(true);
  });
});

describe("tokens at rest", () => {
  it("are sealed with AES-256-GCM: not readable, different each time, opened only with the same key and the same installation", () => {
    const cipher = new TokenCipher(KEY);
    const token = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
    const a = cipher.seal(token, "T:-:T1");
    const b = cipher.seal(token, "T:-:T1");
    expect(a).not.toBe(b);
    for (const sealed of [a, b]) {
      expect(sealed).not.toContain("xoxb");
      expect(sealed).not.toContain("pdFZKVeTuE8sk7oOcBrzbqgy");
      expect(Buffer.from(sealed.split(".")[3], "base64url").toString("latin1")).not.toContain("xoxb");
    }
    expect(cipher.open(a, "T:-:T1")).toBe(token);
    // a wrong key fails loudly, naming the variable and never the token
    const wrong = new TokenCipher(randomBytes(32).toString("base64"));
    expect(() => wrong.open(a, "T:-:T1")).toThrow(TokenKeyError);
    expect(() => wrong.open(a, "T:-:T1")).toThrow(/SLACK_TOKEN_KEY does not open/);
    try {
      wrong.open(a, "T:-:T1");
    } catch (e) {
      expect((e as Error).message).not.toContain("xoxb");
    }
    // copied onto another installation's row, it does not open
    expect(() => cipher.open(a, "T:-:T2")).toThrow(TokenKeyError);
    // a changed byte is found out
    const parts = a.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    expect(() => cipher.open([...parts.slice(0, 3), body.toString("base64url")].join("."), "T:-:T1")).toThrow(TokenKeyError);
    expect(() => new TokenCipher("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});

describe("install links", () => {
  const secret = "x".repeat(40);
  const now = new Date("2026-12-04T00:00:00Z");

  it("carry one municipality, signed, until they expire", () => {
    const { token, link } = issueInstallLink(secret, "tenant-a", now, 3_600_000);
    expect(link.expiresAt.toISOString()).toBe("2026-12-04T01:00:00.000Z");
    const ok = verifyInstallLink(secret, token, now);
    expect(ok).toEqual({ ok: true, link: { tenant: "tenant-a", expiresAt: link.expiresAt, nonce: link.nonce } });
    expect(verifyInstallLink(secret, token, new Date(now.getTime() + 3_600_001))).toEqual({ ok: false, reason: "expired" });
    // a flow already under way gets the state's grace
    expect(verifyInstallLink(secret, token, new Date(now.getTime() + 3_600_001), 600_000).ok).toBe(true);
    expect(installUrl("https://bot.example.lg.jp/", token)).toBe(`https://bot.example.lg.jp/slack/install?link=${encodeURIComponent(token)}`);
  });

  it("refuse anything else: none, another secret's, an edited municipality, garbage", () => {
    const { token } = issueInstallLink(secret, "tenant-a", now, 3_600_000);
    expect(verifyInstallLink(secret, undefined, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifyInstallLink(secret, ["a", "b"], now)).toEqual({ ok: false, reason: "missing" });
    expect(verifyInstallLink("y".repeat(40), token, now)).toEqual({ ok: false, reason: "signature" });
    const [payload, sig] = token.split(".");
    const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const edited = Buffer.from(JSON.stringify({ ...body, t: "tenant-b" })).toString("base64url");
    expect(verifyInstallLink(secret, `${edited}.${sig}`, now)).toEqual({ ok: false, reason: "signature" });
    expect(verifyInstallLink(secret, "a.b.c", now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyInstallLink(secret, "x".repeat(1000), now)).toEqual({ ok: false, reason: "malformed" });
    expect(() => issueInstallLink(secret, "Not A Slug", now, 1000)).toThrow(/slug/);
  });
});

describe("installation keys", () => {
  it("an org-wide install is its organisation's; any other install is its workspace's, also inside a Grid", () => {
    expect(slackInstallKey({ teamId: "T1", enterpriseId: "E1", isEnterpriseInstall: true })).toBe("E:E1");
    expect(slackInstallKey({ teamId: "T1", enterpriseId: "E1", isEnterpriseInstall: false })).toBe("T:E1:T1");
    expect(slackInstallKey({ teamId: "T1", enterpriseId: undefined, isEnterpriseInstall: false })).toBe("T:-:T1");
    // an enterprise id alone never names the org-wide install
    expect(slackInstallKey({ teamId: undefined, enterpriseId: "E1", isEnterpriseInstall: false })).toBeNull();
    expect(slackInstallKey({ teamId: "T1", enterpriseId: undefined, isEnterpriseInstall: true })).toBeNull();
  });
});
