/**
 * The Slack app: builds Bolt, registers the listeners, and exposes a ChatPort for the outbox.
 * HTTP mode mounts Bolt's receiver on our Express app (`POST /slack/events`); with an app token it
 * uses Socket Mode instead (no public URL needed).
 */
import { App, ExpressReceiver } from "@slack/bolt";
import type { Express } from "express";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import type { Env } from "../../config/env";
import { boltLogger } from "./bolt-logger";
import { SlackChatPort } from "./chat-port";
import { slackClientOptions } from "./client";
import type { SlackDeps } from "./context";
import { slackGuard } from "./guard";
import * as actions from "./listeners/actions";
import * as commands from "./listeners/commands";
import * as events from "./listeners/events";
import * as views from "./listeners/views";

export interface SlackPlatform {
  port: SlackChatPort;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlack(env: Env, workflow: Workflow, http: Express, log: Logger): SlackPlatform {
  const deps: SlackDeps = { workflow, log: log.child({ platform: "slack" }) };
  const clientOptions = slackClientOptions(env);
  const socketMode = env.SLACK_APP_TOKEN !== undefined;
  const logger = boltLogger(deps.log);
  if (!socketMode) http.post("/slack/events", ...slackGuard(env.SLACK_SIGNING_SECRET!));
  const receiver = socketMode
    ? undefined
    : new ExpressReceiver({ signingSecret: env.SLACK_SIGNING_SECRET!, endpoints: "/slack/events", app: http, logger });
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    ...(socketMode ? { socketMode: true, appToken: env.SLACK_APP_TOKEN } : { receiver }),
    clientOptions,
    logger,
    // Bolt's own start-up auth.test is a promise nobody awaits (a network failure would be an unhandled
    // rejection); the token is checked below instead, with the failure logged.
    tokenVerificationEnabled: false,
  });

  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  app.error(async (e: Error) => {
    deps.log.error({ err: (e as Error).message, code: (e as { code?: string }).code }, "slack request failed");
  });

  return {
    port: new SlackChatPort(app.client),
    start: async () => {
      if (socketMode) await app.start();
      void app.client.auth.test().then(
        (r) => deps.log.info({ team: r.team_id, botUser: r.user_id }, "slack token accepted"),
        (e) => deps.log.error({ err: (e as Error).message }, "slack token check failed: check SLACK_BOT_TOKEN (messages stay pending until Slack accepts it)"),
      );
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
