/**
 * The Slack app: builds Bolt, registers the listeners, and exposes a ChatPort for the outbox.
 * HTTP mode mounts Bolt's receiver on our Express app (`POST /slack/events`); with an app token it
 * uses Socket Mode instead (no public URL needed).
 *
 * OAuth mode (SLACK_CLIENT_ID and its three companions, createSlackOAuth below): many workspaces, each
 * installed through /slack/install with a link from the CLI and belonging to one municipality; each
 * request is served with the token of its own installation, and a workspace without one is refused.
 */
import { App, ExpressReceiver, type AuthorizeSourceData } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { Express } from "express";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import { ConfigError, slackOAuth, type Env } from "../../config/env";
import { boltLogger } from "./bolt-logger";
import { SlackChatPort } from "./chat-port";
import { createInstallations, slackClientOptions, type InstallationsHome } from "./client";
import type { SlackDeps } from "./context";
import { slackGuard } from "./guard";
import { SlackIdentity } from "./identity";
import * as actions from "./listeners/actions";
import * as commands from "./listeners/commands";
import * as events from "./listeners/events";
import * as views from "./listeners/views";
import { registerUninstall } from "./listeners/events/uninstall";
import { mountInstall } from "./install";
import { NotInstalled, type SlackInstallations } from "./installations";
import { TokenKeyError } from "./token-crypto";

export interface SlackPlatform {
  port: SlackChatPort;
  /** before the server listens: what must hold for Slack to work at all (OAuth mode: SLACK_TOKEN_KEY opens the stored tokens) */
  check?(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * @param home OAuth mode: where the installations and the refresh leases are (the store)
 * @param forTenant OAuth mode: the workflow of each municipality (an installation serves its own only)
 */
export function createSlack(env: Env, workflow: Workflow, http: Express, log: Logger, home?: InstallationsHome, forTenant?: (tenant: string) => Workflow | undefined): SlackPlatform {
  if (slackOAuth(env)) {
    if (!home) throw new Error("Slack in OAuth mode needs the store of its installations");
    return createSlackOAuth(env, workflow, http, log, home, forTenant ?? ((t) => (t === "default" ? workflow : undefined)));
  }
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

  registerListeners(app, deps);

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

/** Registers what both modes serve. */
function registerListeners(app: App, deps: SlackDeps): void {
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  app.error(async (e: Error) => {
    deps.log.error({ err: (e as Error).message, code: (e as { code?: string }).code }, "slack request failed");
  });
}

/**
 * Bolt's authorize for OAuth mode: the installation of the request's workspace (or organisation, for an
 * org-wide install), its token refreshed once if it expires soon; its municipality on `context.tenantId`.
 * A workspace without an installation is refused before any listener runs, and that is audited.
 */
function oauthAuthorize(installations: SlackInstallations, refuse: (source: AuthorizeSourceData<boolean>, key: string | null, reason?: string) => Promise<void>, known: (tenant: string) => boolean) {
  return async (source: AuthorizeSourceData<boolean>) => {
    try {
      const { rec, botToken } = await installations.serve({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall });
      // each installation is served by its own municipality's workflow (workflowOf); one of a municipality
      // this process does not know (removed, or added after it started) is refused, never served by another
      if (!known(rec.tenantId)) {
        await refuse(source, rec.installKey, `installed for municipality ${rec.tenantId}, unknown to this process`);
        throw new Error(`slack workspace of municipality ${rec.tenantId}: unknown here`);
      }
      return { botToken, botId: rec.botId, botUserId: rec.botUserId, teamId: source.teamId ?? rec.teamId ?? undefined, enterpriseId: source.enterpriseId ?? rec.enterpriseId ?? undefined, tenantId: rec.tenantId };
    } catch (e) {
      if (e instanceof NotInstalled) await refuse(source, e.key);
      throw e;
    }
  };
}

function createSlackOAuth(env: Env, workflow: Workflow, http: Express, log: Logger, home: InstallationsHome, forTenant: (tenant: string) => Workflow | undefined): SlackPlatform {
  const deps: SlackDeps = { workflow, forTenant, log: log.child({ platform: "slack" }) };
  const clientOptions = slackClientOptions(env);
  const logger = boltLogger(deps.log);
  const installations = createInstallations(env, home, deps.log);
  const audit = (action: string, subjectId: string, actor: string, data: Record<string, unknown>) =>
    workflow.ctx.store.tx((r) => r.audit.add({ actor, platform: "slack", action, subjectType: "slackInstallation", subjectId, data }));
  mountInstall(http, {
    env,
    installations,
    org: workflow.ctx.dir.org,
    log: deps.log,
    auditRefusal: (reason, data) => audit("slack.install.refused", "-", "slack:-", { reason, ...data }),
  });
  http.post("/slack/events", ...slackGuard(env.SLACK_SIGNING_SECRET!));
  const receiver = new ExpressReceiver({ signingSecret: env.SLACK_SIGNING_SECRET!, endpoints: "/slack/events", app: http, logger });
  const refuse = async (source: AuthorizeSourceData<boolean>, key: string | null, reason = "no installation") => {
    deps.log.warn({ team: source.teamId, enterprise: source.enterpriseId, orgWide: source.isEnterpriseInstall }, "slack request from a workspace without an installation refused");
    await audit("slack.workspace.refused", key ?? "-", `slack:${source.userId ?? "-"}`, {
      reason,
      teamId: source.teamId ?? null,
      enterpriseId: source.enterpriseId ?? null,
      isEnterpriseInstall: source.isEnterpriseInstall,
    }).catch((e) => deps.log.error({ err: (e as Error).message }, "could not audit a refused slack workspace"));
  };
  const app = new App({ receiver, authorize: oauthAuthorize(installations, refuse, (t) => forTenant(t) !== undefined), clientOptions, logger, convoStore: false });
  registerListeners(app, deps);
  registerUninstall(app, deps, installations);
  return {
    // one client without a token; each call carries the token of the tenant's installation
    port: new SlackChatPort(new WebClient(undefined, clientOptions), { tokenFor: (tenant) => installations.botTokenFor(tenant) }),
    // a SLACK_TOKEN_KEY that does not open the stored tokens stops the start, naming the variable
    check: async () => {
      try {
        await installations.checkKey();
      } catch (e) {
        if (e instanceof TokenKeyError) throw new ConfigError(`Invalid environment: ${e.message}`);
        throw e;
      }
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
}
