/**
 * Install links: the only way into Slack's install flow (deny by default). Anyone on the internet can
 * open /slack/install; only a link the operator issued from the CLI (`tenant slack-install-link <slug>`)
 * leads on to Slack, and the municipality it names is the one the installed workspace belongs to. A link
 * is HMAC-signed (a key derived from SLACK_STATE_SECRET), expires, and is used up by the installation it
 * leads to.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** a municipality's slug: lower-case letters, digits and inner hyphens (minato, kita-ku, default) */
export const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** a link's token is short; anything longer is not one of ours (and is not hashed) */
const MAX_TOKEN = 400;

export interface InstallLink {
  tenant: string;
  expiresAt: Date;
  /** used up by the installation (a processed key) */
  nonce: string;
}

export type LinkCheck = { ok: true; link: InstallLink } | { ok: false; reason: "missing" | "malformed" | "signature" | "expired" };

function linkKey(stateSecret: string): Buffer {
  return createHmac("sha256", stateSecret).update("slack install link v1").digest();
}

function mac(stateSecret: string, payload: string): Buffer {
  return createHmac("sha256", linkKey(stateSecret)).update(payload).digest();
}

/** A link's token for `tenant`, valid for `ttlMs` from `now`. */
export function issueInstallLink(stateSecret: string, tenant: string, now: Date, ttlMs: number): { token: string; link: InstallLink } {
  if (!TENANT_SLUG.test(tenant)) throw new Error(`not a municipality slug: ${tenant}`);
  const link: InstallLink = { tenant, expiresAt: new Date(now.getTime() + ttlMs), nonce: randomBytes(12).toString("base64url") };
  const payload = Buffer.from(JSON.stringify({ t: link.tenant, e: Math.floor(link.expiresAt.getTime() / 1000), n: link.nonce }), "utf8").toString("base64url");
  return { token: `${payload}.${mac(stateSecret, payload).toString("base64url")}`, link };
}

/** The link a token stands for, if it is ours, whole and not expired at `now` (give `graceMs` for a flow already under way). */
export function verifyInstallLink(stateSecret: string, token: unknown, now: Date, graceMs = 0): LinkCheck {
  if (typeof token !== "string" || token === "") return { ok: false, reason: "missing" };
  if (token.length > MAX_TOKEN) return { ok: false, reason: "malformed" };
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: "malformed" };
  const given = Buffer.from(sig, "base64url");
  const expected = mac(stateSecret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let body: { t?: unknown; e?: unknown; n?: unknown };
  try {
    body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof body.t !== "string" || !TENANT_SLUG.test(body.t) || typeof body.e !== "number" || typeof body.n !== "string") return { ok: false, reason: "malformed" };
  const expiresAt = new Date(body.e * 1000);
  if (now.getTime() > expiresAt.getTime() + graceMs) return { ok: false, reason: "expired" };
  return { ok: true, link: { tenant: body.t, expiresAt, nonce: body.n } };
}

/** The address of the install page with a link, on the bot's public base URL. */
export function installUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/slack/install?link=${encodeURIComponent(token)}`;
}
