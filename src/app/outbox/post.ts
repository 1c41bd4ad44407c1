/**
 * Queuing messages: a use case writes each message it causes to the outbox, in its own transaction,
 * one row per channel; the dispatcher (dispatcher.ts) delivers them.
 */
import type { ChatMessage } from "../../ports/chat";
import type { Repos } from "../../ports/store";
import type { ChannelAddress } from "../kernel/org-directory";
import { messageKeyTo, type MessageKey } from "./keys";

/**
 * Queues a message to each address under `key` (one outbox row per channel). With `threadOf`, it is
 * posted in the thread of the message queued earlier under that key in the same channel.
 */
export async function postTo(
  r: Repos,
  addresses: readonly ChannelAddress[],
  key: MessageKey,
  message: ChatMessage,
  threadOf?: MessageKey,
): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) {
    await r.outbox.enqueue({
      key: messageKeyTo(key, a),
      platform: a.platform,
      channel: a.channel,
      body,
      parentKey: threadOf ? messageKeyTo(threadOf, a) : null,
    });
  }
}

/** Replaces, in every channel it went to, a message queued under `key` (update in place). */
export async function replaceAt(r: Repos, addresses: readonly ChannelAddress[], key: MessageKey, message: ChatMessage): Promise<void> {
  const body = JSON.stringify(message);
  for (const a of addresses) await r.outbox.replace(messageKeyTo(key, a), body);
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
