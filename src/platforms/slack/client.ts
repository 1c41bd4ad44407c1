/** The Slack Web API client settings shared by Bolt and by the CLI's sender. */
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { pino, type Logger } from "pino";
import { slackOAuth, type Env } from "../../config/env";
import { CALL_TIMEOUT_MS } from "../../app/outbox/dispatcher";
import type { LeaseStore, SlackInstallationStore } from "../../ports/store";
import { SlackChatPort } from "./chat-port";
import { SlackInstallations } from "./installations";

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

/** Where OAuth mode keeps its installations and its refresh leases (the PrismaStore has both). */
export interface InstallationsHome {
  slackInstallations: SlackInstallationStore;
  leases: LeaseStore;
}

/** OAuth mode: the installations over the database, refreshing tokens with the app's client id and secret. */
export function createInstallations(env: Env, home: InstallationsHome, log: Logger): SlackInstallations {
  const noToken = new WebClient(undefined, slackClientOptions(env));
  return new SlackInstallations({
    store: home.slackInstallations,
    leases: home.leases,
    tokenKey: env.SLACK_TOKEN_KEY!,
    stateSecret: env.SLACK_STATE_SECRET!,
    log,
    refresh: (refreshToken) => noToken.oauth.v2.access({ client_id: env.SLACK_CLIENT_ID!, client_secret: env.SLACK_CLIENT_SECRET!, grant_type: "refresh_token", refresh_token: refreshToken }),
  });
}

/**
 * A ChatPort without Bolt (no listeners): for the CLI and other one-shot senders. In OAuth mode it sends
 * with the token of the tenant's installation, read from `home`.
 */
export function createSlackPort(env: Env, home?: InstallationsHome, log: Logger = pino({ level: "silent" })): SlackChatPort {
  if (slackOAuth(env)) {
    if (!home) throw new Error("Slack in OAuth mode sends with the installations' tokens: give createSlackPort the store");
    const installations = createInstallations(env, home, log);
    return new SlackChatPort(new WebClient(undefined, slackClientOptions(env)), { tokenFor: (tenant) => installations.botTokenFor(tenant) });
  }
  return new SlackChatPort(new WebClient(env.SLACK_BOT_TOKEN, slackClientOptions(env)));
}
