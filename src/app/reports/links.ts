/**
 * Signed, short-lived personal links to the reports page, the sessions they open, and the signed URLs of
 * chart images. HMAC-SHA256 with REPORTS_SECRET (or a key derived from the Slack signing secret, the
 * Teams app password or the public form secret; else a random key of this process, so links then work
 * on this process only). Tokens carry the person and the chat they asked from, never a name.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Actor } from "../../ports/chat";

export const LINK_MINUTES = 15;
export const SESSION_MINUTES = 60;

export interface ReportsKeys {
  sign(data: string): string;
  verify(data: string, sig: string): boolean;
}

export function reportsKeys(env: { REPORTS_SECRET?: string; SLACK_SIGNING_SECRET?: string; MICROSOFT_APP_PASSWORD?: string; PUBLIC_FORM_SECRET?: string }): ReportsKeys {
  const base = env.REPORTS_SECRET ?? env.SLACK_SIGNING_SECRET ?? env.MICROSOFT_APP_PASSWORD ?? env.PUBLIC_FORM_SECRET;
  const key = base ? createHash("sha256").update(`partner-reports\u0000${base}`).digest() : randomBytes(32);
  const sign = (data: string) => createHmac("sha256", key).update(data).digest("base64url");
  return {
    sign,
    verify: (data, sig) => {
      const want = Buffer.from(sign(data));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}

/**
 * A municipality's own keys (src/app/tenants): its links, sessions and chart signatures open its page only,
 * never another municipality's (the default one keeps the keys it always had).
 */
export function tenantKeys(keys: ReportsKeys, tenant: string): ReportsKeys {
  if (tenant === "default") return keys;
  const scoped = (data: string) => `${tenant}\u0000${data}`;
  return { sign: (data) => keys.sign(scoped(data)), verify: (data, sig) => keys.verify(scoped(data), sig) };
}

interface Claims {
  /** link | session */
  k: "link" | "session";
  p: string;
  u: string;
  c?: string;
  /** expiry, ms since epoch */
  e: number;
}

export function issue(keys: ReportsKeys, kind: Claims["k"], actor: Actor, now: Date): string {
  const minutes = kind === "link" ? LINK_MINUTES : SESSION_MINUTES;
  const claims: Claims = { k: kind, p: actor.platform, u: actor.userId, ...(actor.channelId ? { c: actor.channelId } : {}), e: now.getTime() + minutes * 60_000 };
  const data = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${data}.${keys.sign(`${kind}.${data}`)}`;
}

/** The person a valid, unexpired token of that kind names; null otherwise. */
export function verifyToken(keys: ReportsKeys, kind: Claims["k"], token: string | undefined, now: Date): Actor | null {
  if (!token || token.length > 2000) return null;
  const [data, sig, extra] = token.split(".");
  if (!data || !sig || extra !== undefined || !keys.verify(`${kind}.${data}`, sig)) return null;
  try {
    const c = JSON.parse(Buffer.from(data, "base64url").toString("utf8")) as Claims;
    if (c.k !== kind || typeof c.e !== "number" || c.e <= now.getTime()) return null;
    if (c.p !== "slack" && c.p !== "teams") return null;
    return { platform: c.p, userId: String(c.u), ...(c.c ? { channelId: String(c.c) } : {}) };
  } catch {
    return null;
  }
}

/** A chart image's id (random) and its signature, which its URL carries. */
export function imageId(): string {
  return randomBytes(16).toString("hex");
}
export const imageSig = (keys: ReportsKeys, id: string) => keys.sign(`image.${id}`);
