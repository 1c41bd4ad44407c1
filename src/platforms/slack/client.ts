/** The Slack Web API client settings shared by Bolt and by the CLI's sender. */
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Env } from "../../config/env";
import { CALL_TIMEOUT_MS } from "../../app/outbox/dispatcher";
import { SlackChatPort } from "./chat-port";

export function slackClientOptions(env: Env): WebClientOptions {
  return {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL.endsWith("/") ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } : {}),
    // One try per call: the outbox owns retries, so a slow first try can never post twice.
    retryConfig: { retries: 0 },
    // a call that does not answer is abandoned (and retried by the outbox), never waited on for ever
    timeout: CALL_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
  };
}

/** A ChatPort without Bolt (no listeners): for the CLI and other one-shot senders. */
export function createSlackPort(env: Env): SlackChatPort {
  return new SlackChatPort(new WebClient(env.SLACK_BOT_TOKEN, slackClientOptions(env)));
}
