/**
 * Queuing messages: a use case writes each message it causes to the outbox, in its own transaction,
 * one row per channel; the dispatcher (dispatcher.ts) delivers them.
 */
import type { ChatMessage } from "../../ports/chat";
import type { Repos } from "../../ports/store";
import type { ChannelAddress } from "../kernel/org-directory";

const keyAt = (base: string, a: ChannelAddress) => `${base}@${a.platform}:${a.channel}`;

/**
 * Queues a message to each address under `baseKey` (one outbox row per channel). With `threadOf`, it is
 * posted in the thread of the message queued earlier under that key in the same channel.
 */
export async function postTo(
  r: Repos,
  addresses: readonly ChannelAddress[],
  baseKey: string,
  message: ChatMessage,
  threadOf?: string,
): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) {
    await r.outbox.enqueue({
      key: keyAt(baseKey, a),
      platform: a.platform,
      channel: a.channel,
      body,
      parentKey: threadOf ? keyAt(threadOf, a) : null,
    });
  }
}

/** Replaces, in every channel it went to, a message queued under `baseKey` (update in place). */
export async function replaceAt(r: Repos, addresses: readonly ChannelAddress[], baseKey: string, message: ChatMessage): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) await r.outbox.replace(keyAt(baseKey, a), body);
}

export function outboxKey(baseKey: string, a: ChannelAddress): string {
  return keyAt(baseKey, a);
}

export function uniqueAddresses(list: readonly ChannelAddress[]): ChannelAddress[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = `${a.platform}:${a.channel}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
