/**
 * ChatPort on the Slack Web API. Retries are the outbox's job, so the client itself does not retry.
 * With one bot token the client carries it; in OAuth mode each call carries the token of the tenant's
 * installation (`tokenFor`), which the outbox never sees.
 */
import type { WebClient } from "@slack/web-api";
import { DeliveryFailure, mayHaveArrived, type ChatMessage, type ChatPort } from "../../ports/chat";
import { mrkdwn, toBlocks } from "./blocks";
import { shorten } from "../../app/kernel/text";

// Errors that another try will not mend: the channel's (or the token's)...
const CHANNEL_REFUSALS = new Set([
  "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive", "token_revoked",
  "missing_scope", "no_permission",
]);
// ... and one message's: its content, or a message to update that is gone (its channel goes on)
const MESSAGE_REFUSALS = new Set(["invalid_blocks", "msg_too_long", "message_not_found", "cant_update_message"]);

export function toDeliveryFailure(e: unknown): DeliveryFailure {
  const err = e as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (err.code) {
    case "slack_webapi_rate_limited_error":
      return new DeliveryFailure("rate limited (429)", { retryAfterMs: (err.retryAfter ?? 1) * 1000 });
    case "slack_webapi_http_error":
      return new DeliveryFailure(`HTTP ${err.statusCode}`);
    case "slack_webapi_platform_error": {
      const code = err.data?.error ?? "unknown";
      if (MESSAGE_REFUSALS.has(code)) return new DeliveryFailure(`slack: ${code}`, { scope: "message", permanent: true });
      return new DeliveryFailure(`slack: ${code}`, { permanent: CHANNEL_REFUSALS.has(code) });
    }
    case "slack_webapi_request_error":
      // no answer from Slack: the client's own time limit ("aborted due to timeout") or a cut connection may
      // have delivered the call, so the channel waits for it to settle; a refused connection never left here
      return new DeliveryFailure(err.message ?? "request error", { mayHaveArrived: mayHaveArrived(e) });
    default:
      return new DeliveryFailure(err.message ?? String(e), { mayHaveArrived: err.statusCode === undefined && mayHaveArrived(e) });
  }
}

/** No installation of the tenant can send (none, uninstalled, its token revoked): the channel waits (tried hourly, or at once with `outbox retry`). */
function notInstalled(tenantId: string): DeliveryFailure {
  return new DeliveryFailure(`slack: no installation of tenant ${tenantId} (install the app with a link from tenant slack-install-link)`, { permanent: true });
}

export interface SlackChatPortOptions {
  /** OAuth mode: the bot token of a tenant's installation (throws when it has none) */
  tokenFor?: (tenantId: string) => Promise<string>;
}

export class SlackChatPort implements ChatPort {
  readonly platform = "slack" as const;

  constructor(
    private readonly client: WebClient,
    private readonly options: SlackChatPortOptions = {},
  ) {}

  /** `{ token }` for this call in OAuth mode; nothing with one bot token (the client has it) */
  private async auth(tenantId = "default"): Promise<{ token?: string }> {
    if (!this.options.tokenFor) return {};
    try {
      return { token: await this.options.tokenFor(tenantId) };
    } catch (e) {
      if ((e as Error).name === "NotInstalled") throw notInstalled(tenantId);
      throw new DeliveryFailure(`slack: the token of tenant ${tenantId} is not usable: ${(e as Error).message}`);
    }
  }

  async post(channel: string, message: ChatMessage, threadRef?: string, tenant?: string): Promise<{ ref: string }> {
    const auth = await this.auth(tenant);
    try {
      const res = await this.client.chat.postMessage({
        ...auth,
        channel,
        text: shorten(mrkdwn(message.text), 3000),
        blocks: toBlocks(message),
        unfurl_links: false,
        ...(threadRef ? { thread_ts: threadRef } : {}),
      });
      return { ref: String(res.ts) };
    } catch (e) {
      throw toDeliveryFailure(e);
    }
  }

  async update(channel: string, ref: string, message: ChatMessage, tenant?: string): Promise<void> {
    const auth = await this.auth(tenant);
    try {
      await this.client.chat.update({ ...auth, channel, ts: ref, text: shorten(mrkdwn(message.text), 3000), blocks: toBlocks(message) });
    } catch (e) {
      throw toDeliveryFailure(e);
    }
  }
}
