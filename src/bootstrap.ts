/**
 * Builds the running product from configuration: database (migrated), core, platforms, HTTP server,
 * schedulers. main.ts calls it for `npm start`; end-to-end tests call it to run the real server.
 */
import { recordUnitNames } from "./app/reports/names";
import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { AppContext } from "./app/kernel/context";
import { OutboxDispatcher } from "./app/outbox/dispatcher";
import type { Workflow } from "./app/workflow";
import type { Municipalities } from "./app/tenants/registry";
import { allowedTenants, mailEnabled, slackEnabled, slackOAuth, teamsMode, type Env } from "./config/env";
import { isExampleOrg } from "./config/check";
import { buildCore, type CoreOptions } from "./core";
import type { PrismaStore } from "./db/store";
import { createHttpApp, errorHandler } from "./http/server";
import { loadChannelBindings } from "./app/channels/bind";
import { recoverInteractions } from "./app/inbox/inbox";
import type { SlackPlatform } from "./platforms/slack/app";
import { scheduleReminders, type ReminderScheduler } from "./scheduler";
import { reportsKeys, tenantKeys } from "./app/reports/links";
import { scheduleReports, scheduleTask } from "./scheduler/reports";
import { tokenHash } from "./app/tenants/registry";
import type { SweepReport } from "./app/reminders/sweep";

/** The reminder sweep of every municipality, one after another; the report is the sum (a failing one is logged and skipped). */
function sweepAll(all: Workflow[], log: Logger): (now: Date) => Promise<SweepReport> {
  if (all.length === 1) return (now) => all[0].runSweep(now);
  return async (now) => {
    const sum: SweepReport = { at: now.toISOString(), roundsClosed: 0, items: [] };
    for (const wf of all) {
      try {
        const r = await wf.runSweep(now);
        sum.roundsClosed += r.roundsClosed;
        sum.items.push(...r.items);
      } catch (e) {
        log.error({ err: (e as Error).message, tenant: wf.ctx.store.tenant }, "reminder sweep failed");
      }
    }
    return sum;
  };
}

export interface Running {
  url: string;
  server: Server;
  store: PrismaStore;
  workflow: Workflow;
  /** every municipality of the deployment (the default one's workflow is `workflow`) */
  municipalities: Municipalities;
  dispatcher: OutboxDispatcher;
  /** delivers mail to companies (its own workers: a slow relay never holds up chat); none while mail is off */
  mailDispatcher?: OutboxDispatcher;
  ctx: AppContext;
  stop(): Promise<void>;
}

export interface BootOptions extends CoreOptions {
  /** deliver the outbox on a timer (off in tests, which drive it) */
  outboxIntervalMs?: number | null;
  /** run the reminder sweep on REMINDER_CRON (off in tests, which drive it) */
  scheduler?: boolean;
  /** keep to the platforms' per-channel posting pace (off in tests, which check it separately) */
  pacing?: boolean;
}


const RECOVERY_INTERVAL_MS = 5_000;
const KEEP_ALIVE_MS = 65_000;

/** Which doors are open and which are shut, and why: said once at start so an operator can check. */
export function doors(env: Env): Record<string, string> {
  const teams = teamsMode(env);
  return {
    "/slack/events": slackEnabled(env)
      ? env.SLACK_APP_TOKEN
        ? "shut: Slack uses Socket Mode (SLACK_APP_TOKEN), no public endpoint"
        : "open: Slack requests signed with SLACK_SIGNING_SECRET (timestamps within 5 minutes)"
      : "shut: Slack is off (no SLACK_BOT_TOKEN, no SLACK_CLIENT_ID)",
    "/slack/install, /slack/oauth_redirect": slackOAuth(env)
      ? "open: Slack installs through OAuth, only with an install link from the CLI (tenant slack-install-link), state verified"
      : "shut (404): Slack installs through OAuth only when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_TOKEN_KEY are set",
    "/api/messages":
      teams === "on"
        ? `open: Teams requests with a Bot Framework token for MICROSOFT_APP_ID, tenants ${allowedTenants(env).join(", ") || "(any)"}`
        : teams === "emulator"
          ? "open WITHOUT AUTHENTICATION: TEAMS_EMULATOR=1, direct requests from this machine only"
          : "shut (404): Teams is off (no MICROSOFT_APP_ID)",
    // not "Bearer INTAKE_API_TOKEN": the log masks "Bearer <word>" as a token, and the line read "open: [redacted]"
    "/api/proposals, /api/agreements": env.INTAKE_API_TOKEN ? "open: requests must carry the INTAKE_API_TOKEN as their bearer token" : "shut (503): no INTAKE_API_TOKEN",
    "/healthz, /privacy, /terms": "open: no data beyond a count of pending messages",
    "/propose, /challenges, /partnerships, /register.csv, /register.json": env.PUBLIC_DESK
      ? `open to anyone: the public desk (${env.PUBLIC_FORM_LIMIT} proposals per address per 15 min; client address ${env.TRUST_PROXY_HOPS ? `from X-Forwarded-For through ${env.TRUST_PROXY_HOPS} proxy hop(s)` : "of the connection"})`
      : "shut (404): set PUBLIC_DESK=1 to open the public desk",
  };
}

export async function boot(env: Env, log: Logger, opts: BootOptions = {}): Promise<Running> {
  const { store, ctx, workflow, dispatcher, clock, orgPath, municipalities, shared } = await buildCore(env, log, opts);
  // the departments' and fields' names as this config has them, so that a later reorganisation does not
  // rename last year's figures (the bot's start, not the core's: a CLI command that only reads writes nothing)
  for (const wf of municipalities.all()) await recordUnitNames(wf.ctx);
  const others = municipalities.others();
  if (others.length) log.info({ municipalities: others.map(([slug]) => slug) }, "municipalities besides the org config file's city");
  if (orgPath) {
    // which file, said every start; the example is nobody's organisation: said loudly
    if (isExampleOrg(orgPath)) log.warn({ org: orgPath }, "THE EXAMPLE ORG CONFIG IS IN USE: create config/org.yml or set ORG_CONFIG (npm run cli -- config check)");
    else log.info({ org: orgPath }, "org config loaded");
  }
  const teamsChannels = ctx.dir.org.departments.filter((d) => d.teamsChannel).length + (ctx.dir.org.window.teamsChannel ? 1 : 0) + (ctx.dir.org.board.teamsChannel ? 1 : 0);
  if (teamsChannels && teamsMode(env) === "off") {
    log.warn({ teamsChannels }, "Teams is off (no MICROSOFT_APP_ID) but the org config names Teams channels: messages to them wait until Teams is on (npm run cli -- outbox list)");
  }
  // another municipality's intake token selects it (stored as a hash: tenant token <slug>)
  const intakeFor = others.length
    ? async (token: string) => {
        const slug = await store.municipalities.byIntakeToken(tokenHash(token));
        return (slug && municipalities.get(slug)) || null;
      }
    : undefined;
  const http = createHttpApp({ workflow, intakeToken: env.INTAKE_API_TOKEN, intakeFor, log, org: ctx.dir.org, ping: () => store.ping(), pendingMessages: () => store.pendingCount() });
  // the client's address (rate limits) comes from X-Forwarded-For only through the proxies the operator runs
  http.set("trust proxy", env.TRUST_PROXY_HOPS === 0 ? false : env.TRUST_PROXY_HOPS);
  // each other municipality's pages under /m/<slug>/ (its desk, its reports page): an app of their own
  const subApps = new Map(others.map(([slug]) => [slug, express()] as const));
  for (const [slug, sub] of subApps) http.use(`/m/${slug}`, sub);
  if (env.PUBLIC_DESK) {
    const { mountPublicDesk } = await import("./platforms/web/desk");
    const deskOptions = { secret: env.PUBLIC_FORM_SECRET, publicBaseUrl: env.PUBLIC_BASE_URL, formLimit: env.PUBLIC_FORM_LIMIT, mail: mailEnabled(env) };
    mountPublicDesk(http, { ...deskOptions, workflow, dir: ctx.dir, log: log.child({ part: "desk" }) });
    // each other municipality's desk under /m/<slug>/: its own name, calls, register and rate limits
    for (const [slug, wf] of others) {
      mountPublicDesk(subApps.get(slug)!, { ...deskOptions, workflow: wf, dir: wf.ctx.dir, log: log.child({ part: "desk", tenant: slug }), base: `/m/${slug}` });
    }
    // the shared register's open data (§4(3)) at the root: the consenting municipalities' partnerships
    (await import("./platforms/web/shared-register")).mountSharedRegister(http, { register: shared, org: ctx.dir.org, log: log.child({ part: "shared-register" }) });
  }

  // the planning division's reports page (staff, by signed link and session) and its chart images
  const { mountReports } = await import("./platforms/web/reports");
  const secureCookies = Boolean(env.PUBLIC_BASE_URL?.startsWith("https:"));
  mountReports(http, { workflow, log: log.child({ part: "reports" }), secure: secureCookies });
  for (const [slug, wf] of others) mountReports(subApps.get(slug)!, { workflow: wf, log: log.child({ part: "reports", tenant: slug }), secure: secureCookies, base: `/m/${slug}` });

  let slack: SlackPlatform | undefined;
  if (slackEnabled(env)) {
    // each platform is loaded only when it is on: Bolt and botbuilder are most of an idle process's memory
    const { createSlack } = await import("./platforms/slack/app");
    slack = createSlack(env, workflow, http, log, store, (t) => municipalities.get(t));
    // nothing listens yet: a failed check closes the database and stops the start
    await slack.check?.().catch(async (e: unknown) => {
      await store.close();
      throw e;
    });
    dispatcher.register(slack.port, opts.pacing === false ? 0 : env.SLACK_CHANNEL_PACE_MS);
  } else {
    log.info("Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to connect a workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_TOKEN_KEY to let workspaces install the app");
  }
  const teams = teamsMode(env) === "off" ? undefined : (await import("./platforms/teams/app")).createTeams(env, municipalities, store, http, log);
  if (teams) dispatcher.register(teams.port, opts.pacing === false ? 0 : env.TEAMS_CHANNEL_PACE_MS, opts.pacing === false ? [] : teams.port.sendWindows);
  http.use(errorHandler(log, ctx.t));
  // any other path: a plain 404 of ours, never Express's own page (which names the method and the path)
  http.use((_req: import("express").Request, res: import("express").Response) => {
    res.status(404).type("text/plain; charset=utf-8").set("Cache-Control", "no-store").send("Not Found\n");
  });

  // A request must arrive whole within HTTP_REQUEST_TIMEOUT_MS (a client that trickles its body is sent 408
  // and closed), its headers within HTTP_HEADERS_TIMEOUT_MS; Node checks open requests every quarter of the
  // shorter one. Idle keep-alive connections are not requests: these limits do not close them.
  const requestTimeout = env.HTTP_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(env.HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  const server = createServer({ requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(headersTimeout / 4))) }, http);
  // Idle keep-alive connections are closed by the other side (Slack, a proxy or a load balancer, whose idle
  // timeouts run to 60 s), not by us after Node's 5 s: a close racing a new request there is a failed request.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // a flood of connections is refused at the door (each new one beyond the cap is closed at once)
  server.maxConnections = env.HTTP_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  await slack?.start();
  const address = server.address() as AddressInfo;
  // `localUrl` is where this machine reaches the server (tests use it); the log names where it listens
  const localUrl = `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${address.port}`;
  let mailDispatcher: OutboxDispatcher | undefined;
  let closeMail = () => {};
  if (mailEnabled(env)) {
    const { MailCourier } = await import("./platforms/mail/courier");
    const baseUrl = (env.PUBLIC_BASE_URL ?? localUrl).replace(/\/+$/, "");
    // each municipality's mail names its own window and links to its own desk (/m/<slug>/)
    const placeOf = (tenant: string | undefined) => {
      const wf = municipalities.get(tenant ?? "default");
      return wf && { org: wf.ctx.dir.org, baseUrl: tenant && tenant !== "default" ? `${baseUrl}/m/${tenant}` : baseUrl };
    };
    const courier = new MailCourier({ smtpUrl: env.SMTP_URL!, from: env.MAIL_FROM!, placeOf, timeoutMs: env.MAIL_TIMEOUT_MS, log: log.child({ part: "mail" }) });
    // its own workers and call limit: a relay that hangs holds up mail only
    const md = new OutboxDispatcher(store, clock, log.child({ part: "mail" }), env.MAIL_TIMEOUT_MS * 3);
    md.register(courier, 0);
    mailDispatcher = md;
    closeMail = () => courier.close();
    const kickChat = ctx.afterCommit;
    ctx.afterCommit = () => {
      kickChat();
      md.kick();
    };
    if (!env.PUBLIC_BASE_URL) log.warn({ links: localUrl }, "PUBLIC_BASE_URL is not set: links in mail to companies point at this machine's own address");
    log.info({ from: env.MAIL_FROM }, "mail to companies is on (receipts, status links, stages, calls)");
  } else if (env.SMTP_URL) {
    log.warn("SMTP_URL is set but MAIL_FROM is not: mail to companies is off (set MAIL_FROM, the sender)");
  } else {
    log.info("mail to companies is off: set SMTP_URL and MAIL_FROM to send receipts, status links and updates");
  }
  // interactions a crashed process had acknowledged but not applied: replayed now, then checked regularly
  // (each municipality's, through its own workflow)
  const recover = () =>
    Promise.all(
      municipalities.all().map((wf) =>
        loadChannelBindings(wf.ctx)
          .then(() => recoverInteractions(wf, clock.now()))
          .then(
            (n) => n && log.info({ replayed: n, tenant: wf.ctx.store.tenant }, "interactions replayed after a crash"),
            (e) => log.error({ err: (e as Error).message, tenant: wf.ctx.store.tenant }, "interaction recovery failed"),
          ),
      ),
    );
  let recovery: NodeJS.Timeout | undefined;
  if (opts.outboxIntervalMs !== null) {
    dispatcher.start(opts.outboxIntervalMs ?? 5000);
    mailDispatcher?.start(opts.outboxIntervalMs ?? 5000);
    void recover();
    recovery = setInterval(() => void recover(), RECOVERY_INTERVAL_MS);
    recovery.unref();
  }
  let scheduler: ReminderScheduler | undefined;
  let reportScheduler: { stop(): Promise<void> } | undefined;
  let surveyScheduler: { stop(): Promise<void> } | undefined;
  const otherSchedulers: Array<{ stop(): Promise<void> } | undefined> = [];
  if (opts.scheduler !== false) {
    reportScheduler = scheduleReports(ctx.dir.org.planning.schedule, workflow.reports.postScheduled, dispatcher, clock, log.child({ part: "reports" }));
    surveyScheduler = scheduleTask("survey-round", ctx.dir.org.surveys.schedule, workflow.startScheduledSurvey, dispatcher, clock, log.child({ part: "surveys" }));
    // one sweep for every municipality, each under its own lease and with its own calendar
    scheduler = scheduleReminders(env.REMINDER_CRON, sweepAll(municipalities.all(), log), dispatcher, clock, log.child({ part: "reminders" }));
    for (const [slug, wf] of others) {
      const org = wf.ctx.dir.org;
      const l = log.child({ tenant: slug });
      otherSchedulers.push(
        scheduleReports(org.planning.schedule, wf.reports.postScheduled, dispatcher, clock, l.child({ part: "reports" })),
        scheduleTask(`survey-round:${slug}`, org.surveys.schedule, wf.startScheduledSurvey, dispatcher, clock, l.child({ part: "surveys" })),
      );
    }
    // catch up at once on what fell due while the bot was down (sent once, marked late)
    void sweepAll(municipalities.all(), log)(clock.now()).then(() => dispatcher.kick(), (e) => log.error({ err: (e as Error).message }, "start-up sweep failed"));
  }
  const listening = `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  // each municipality's links open its own page only (its own keys, its own path)
  const reportsBase = env.PUBLIC_BASE_URL?.replace(/\/$/, "") ?? localUrl;
  for (const [slug, wf] of [["default", workflow], ...others] as const) {
    wf.reports.configure({ keys: tenantKeys(reportsKeys(env), slug), baseUrl: slug === "default" ? reportsBase : `${reportsBase}/m/${slug}` });
  }
  const running: Running = {
    url: localUrl,
    server,
    store,
    workflow,
    municipalities,
    dispatcher,
    mailDispatcher,
    ctx,
    stop: async () => {
      if (recovery) clearInterval(recovery);
      await scheduler?.stop();
      await reportScheduler?.stop();
      await surveyScheduler?.stop();
      for (const s of otherSchedulers) await s?.stop();
      dispatcher.stop();
      mailDispatcher?.stop();
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await dispatcher.idle();
      await mailDispatcher?.idle();
      closeMail();
      await store.close();
    },
  };
  log.info({ url: running.url, listening, locale: env.LOCALE, org: orgPath, doors: doors(env) }, "partnership bot started");
  return running;
}
