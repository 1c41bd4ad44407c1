/**
 * How the outbox keys its rows: one row per message and channel, "<base>@<platform>:<channel>". The base
 * names the message (what it is about: src/app/outbox/keys.ts); the rest names the channel, as is (a Teams
 * channel id holds ":" and "@": 19:abc@thread.tacv2). Parts of a base never hold a raw ":" or "@" (keyPart
 * escapes them), so the first "@" ends the base: the store finds a reminder's messages, one per channel,
 * as the keys that start with "<base>@".
 */
import { LANE_PLATFORMS, type LanePlatform } from "../chat";

export { LANE_PLATFORMS, type LanePlatform };

/** A channel as the outbox addresses it (also a delivery lane). */
export interface Lane {
  platform: LanePlatform;
  channel: string;
}

/**
 * One part of a base (an id, a date): ":" and "@" (and "%", the escape itself) percent-escaped. Ids are
 * UUIDs and dates ISO, which hold none of them: existing keys read the same.
 */
export function keyPart(part: string | number): string {
  return String(part).replace(/[%:@]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function fromKeyPart(part: string): string {
  return part.replace(/%(25|3A|40)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The key of the row that carries message `base` to one channel. */
export function outboxKey(base: string, to: Lane): string {
  if (base.includes("@")) throw new Error(`an outbox key's base holds "@": ${base}`);
  return `${base}@${to.platform}:${to.channel}`;
}

/** A row's key read back: its message's base and its channel; null when it is not an outbox key. */
export function parseOutboxKey(key: string): { base: string; to: Lane } | null {
  const at = key.indexOf("@");
  if (at < 0) return null;
  const address = key.slice(at + 1);
  const colon = address.indexOf(":");
  const platform = address.slice(0, colon);
  if (colon < 0 || !(LANE_PLATFORMS as readonly string[]).includes(platform)) return null;
  return { base: key.slice(0, at), to: { platform: platform as LanePlatform, channel: address.slice(colon + 1) } };
}

/** The base of a row's key (the key itself when it names no channel). */
export function outboxKeyBase(key: string): string {
  const at = key.indexOf("@");
  return at < 0 ? key : key.slice(0, at);
}

/** A lane as lane times and leases name it: "platform:channel". */
export const laneKey = (l: Lane) => `${l.platform}:${l.channel}`;
