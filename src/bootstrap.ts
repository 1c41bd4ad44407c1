/**
 * Builds the running product from configuration: database (migrated), core, platforms, HTTP server,
 * schedulers. main.ts calls it for `npm start`; end-to-end tests call it to run the real server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { newCalendar, systemClock, type AppContext, type Clock } from "./app/context";
import { OrgDirectory } from "./app/org-directory";
import { OutboxDispatcher } from "./app/outbox-dispatcher";
import { createWorkflow, type Workflow } from "./app/workflow";
import { slackEnabled, type Env } from "./config/env";
import { loadOrg, resolveOrgPath, type OrgConfig } from "./config/org";
import { migrate, openDb, sqlitePath } from "./db/client";
import { PrismaStore } from "./db/store";
import { createHttpApp, errorHandler } from "./http/server";
import { messages } from "./i18n";
import { createSlack, type SlackPlatform } from "./platforms/slack/app";

export interface Running {
  url: string;
  server: Server;
  store: PrismaStore;
  workflow: Workflow;
  dispatcher: OutboxDispatcher;
  ctx: AppContext;
  stop(): Promise<void>;
}

export interface BootOptions {
  clock?: Clock;
  org?: OrgConfig;
  /** skip `prisma migrate deploy` (tests copy an already-migrated database) */
  skipMigrations?: boolean;
  /** deliver the outbox on a timer (off in tests, which drive it) */
  outboxIntervalMs?: number | null;
}

export async function boot(env: Env, log: Logger, opts: BootOptions = {}): Promise<Running> {
  const url = `file:${sqlitePath(env.DATABASE_URL)}`;
  if (!opts.skipMigrations) await migrate(url);
  const db = await openDb(url);
  const store = new PrismaStore(db);
  const org = opts.org ?? loadOrg(resolveOrgPath(env.ORG_CONFIG));
  const clock = opts.clock ?? systemClock;
  const dispatcher = new OutboxDispatcher(store, clock, log.child({ part: "outbox" }));
  const ctx: AppContext = {
    store,
    dir: new OrgDirectory(org, env.LOCALE),
    t: messages(env.LOCALE),
    clock,
    calendar: newCalendar(org.reminders.closedDays),
    afterCommit: () => dispatcher.kick(),
  };
  const workflow = createWorkflow(ctx);
  const http = createHttpApp({ workflow, intakeToken: env.INTAKE_API_TOKEN, log, ping: () => store.ping() });

  let slack: SlackPlatform | undefined;
  if (slackEnabled(env)) {
    slack = createSlack(env, workflow, http, log);
    dispatcher.register(slack.port);
  } else {
    log.info("Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to connect a workspace");
  }
  http.use(errorHandler(log));

  const server = createServer(http);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  await slack?.start();
  if (opts.outboxIntervalMs !== null) dispatcher.start(opts.outboxIntervalMs ?? 5000);
  const address = server.address() as AddressInfo;
  const host = env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST;
  const running: Running = {
    url: `http://${host}:${address.port}`,
    server,
    store,
    workflow,
    dispatcher,
    ctx,
    stop: async () => {
      dispatcher.stop();
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await dispatcher.idle();
      await store.close();
    },
  };
  log.info({ url: running.url, slack: slack ? (env.SLACK_APP_TOKEN ? "socket-mode" : "http") : "off", locale: env.LOCALE }, "partnership bot started");
  return running;
}
