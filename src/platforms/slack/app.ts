/**
 * The Slack app: builds Bolt, registers the listeners, and exposes a ChatPort for the outbox.
 * HTTP mode mounts Bolt's receiver on our Express app (`POST /slack/events`); with an app token it
 * uses Socket Mode instead (no public URL needed).
 */
import { App, ExpressReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { Express } from "express";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import type { Env } from "../../config/env";
import { boltLogger } from "./bolt-logger";
import { SlackChatPort } from "./chat-port";
import { slackClientOptions } from "./client";
import type { SlackDeps } from "./context";
import { slackGuard } from "./guard";
import { SlackIdentity } from "./identity";
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
  // one client for the bot's own calls (the outbox, the token check); Bolt gives listeners one per workspace
  const client = new WebClient(env.SLACK_BOT_TOKEN, clientOptions);
  const identity = new SlackIdentity(client, deps.log);
  deps.home = () => identity.installation();
  const app = new App({
    ...(socketMode ? { socketMode: true, appToken: env.SLACK_APP_TOKEN } : { receiver }),
    // the bot's token with its ids remembered (identity.ts), instead of Bolt asking Slack for every request
    authorize: async (source) => ({ botToken: env.SLACK_BOT_TOKEN, teamId: source.teamId, enterpriseId: source.enterpriseId, ...identity.current() }),
    clientOptions,
    logger,
    // state lives in the database: Bolt's in-memory conversation store would only cost a lookup per request
    convoStore: false,
  });

  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  app.error(async (e: Error) => {
    deps.log.error({ err: (e as Error).message, code: (e as { code?: string }).code }, "slack request failed");
  });

  return {
    port: new SlackChatPort(client),
    start: async () => {
      if (socketMode) await app.start();
      void identity.ask();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
