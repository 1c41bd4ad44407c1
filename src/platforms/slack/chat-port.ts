/** ChatPort on the Slack Web API. Retries are the outbox's job, so the client itself does not retry. */
import type { WebClient } from "@slack/web-api";
import { ChatDeliveryError, type ChatMessage, type ChatPort } from "../../ports/chat";
import { mrkdwn, toBlocks } from "./blocks";
import { shorten } from "../../app/kernel/text";

// Errors that another try will not mend.
const PERMANENT = new Set([
  "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive", "token_revoked",
  "missing_scope", "invalid_blocks", "msg_too_long", "message_not_found", "cant_update_message", "no_permission",
]);

export function toDeliveryError(e: unknown): ChatDeliveryError {
  const err = e as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (err.code) {
    case "slack_webapi_rate_limited_error":
      return new ChatDeliveryError("rate limited (429)", (err.retryAfter ?? 1) * 1000);
    case "slack_webapi_http_error":
      return new ChatDeliveryError(`HTTP ${err.statusCode}`);
    case "slack_webapi_platform_error": {
      const code = err.data?.error ?? "unknown";
      return new ChatDeliveryError(`slack: ${code}`, undefined, PERMANENT.has(code));
    }
    default:
      return new ChatDeliveryError(err.message ?? String(e));
  }
}

export class SlackChatPort implements ChatPort {
  readonly platform = "slack" as const;

  constructor(private readonly client: WebClient) {}

  async post(channel: string, message: ChatMessage, threadRef?: string): Promise<{ ref: string }> {
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: shorten(mrkdwn(message.text), 3000),
        blocks: toBlocks(message),
        unfurl_links: false,
        ...(threadRef ? { thread_ts: threadRef } : {}),
      });
      return { ref: String(res.ts) };
    } catch (e) {
      throw toDeliveryError(e);
    }
  }

  async update(channel: string, ref: string, message: ChatMessage): Promise<void> {
    try {
      await this.client.chat.update({ channel, ts: ref, text: shorten(mrkdwn(message.text), 3000), blocks: toBlocks(message) });
    } catch (e) {
      throw toDeliveryError(e);
    }
  }
}
