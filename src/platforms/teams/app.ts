/**
 * Microsoft Teams through botbuilder's CloudAdapter on POST /api/messages. With MICROSOFT_APP_ID,
 * requests without a valid Bot Framework token get 401 and tenants outside the allow-list are refused
 * (and audited). Without it Teams is off (the route is not mounted), unless TEAMS_EMULATOR=1 asks for
 * the unauthenticated local emulator mode, which refuses anything that did not come straight from this
 * machine.
 */
import { allowedTenants } from "../../config/env";
import { type Activity, CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes } from "botbuilder";
import { AuthenticationConstants, AuthenticationError } from "botframework-connector";
import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import type { Municipalities } from "../../app/tenants/registry";
import { teamsMode, type Env } from "../../config/env";
import type { Store } from "../../ports/store";
import { malformation, malformationText } from "../../app/kernel/text";
import { PartnerBot, teamsActor } from "./bot";
import { TeamsChatPort } from "./chat-port";
import { REFRESH_MAX_USERS, TeamsMembers } from "./members";

export interface TeamsPlatform {
  port: TeamsChatPort;
  emulatorMode: boolean;
}

const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host", "x-forwarded-proto"];

function loopbackUrl(url: unknown): boolean {
  if (typeof url !== "string") return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || isLoopback(host);
  } catch {
    return false;
  }
}

/** Why an emulator-mode request is refused, or null: it must come straight from this machine and answer to it. */
export function emulatorRefusal(headers: Record<string, unknown>, remoteAddress: string | undefined, serviceUrl: unknown): string | null {
  if (PROXY_HEADERS.some((h) => headers[h] !== undefined)) return "came through a proxy";
  if (!isLoopback(remoteAddress)) return "not from this machine";
  if (!loopbackUrl(serviceUrl)) return "serviceUrl is not on this machine";
  return null;
}

/**
 * botbuilder answers 401 only for its own AuthenticationError; a token with a bad signature, a wrong
 * audience or an expired date surfaces as a JsonWebTokenError and would become 500. Such a request is
 * unauthenticated, so it gets 401.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      const name = (e as Error).name ?? "";
      if (e instanceof AuthenticationError || name === "JsonWebTokenError" || name === "TokenExpiredError" || name === "NotBeforeError") {
        throw new AuthenticationError(`Unauthorized: ${(e as Error).message}`, StatusCodes.UNAUTHORIZED);
      }
      throw e;
    }
  }
}

/**
 * Overriding one URL switches botbuilder to its "parameterized" authentication, which then needs every
 * other public-cloud value spelled out.
 */
function publicCloudWith(openIdMetadataUrl: string) {
  const c = AuthenticationConstants;
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: c.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: c.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: c.ToBotFromChannelTokenIssuer,
    OAuthUrl: c.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: c.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1" || (address?.startsWith("127.") ?? false);
}


/** Mounts /api/messages when Teams is configured (or the emulator asked for); undefined when Teams is off. */
/**
 * @param municipalities which municipality an activity's Entra tenant belongs to (src/app/tenants): the
 * default one's are the environment's allow-list, another's its own `tenant.teamsTenants`; an activity of
 * no municipality's tenant is refused and audited
 */
export function createTeams(env: Env, municipalities: Municipalities, store: Store, http: Express, log: Logger): TeamsPlatform | undefined {
  const workflow = municipalities.home;
  const mode = teamsMode(env);
  if (mode === "off") return undefined;
  const tlog = log.child({ platform: "teams" });
  const appId = env.MICROSOFT_APP_ID ?? "";
  const emulatorMode = mode === "emulator";
  const auth = new StrictAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD ?? "",
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID ?? "",
    // no app id: authentication is off, which Bot Framework only allows for the multi-tenant type
    MicrosoftAppType: emulatorMode ? "MultiTenant" : env.MICROSOFT_APP_TYPE,
    ...(env.BOTFRAMEWORK_OPENID_METADATA_URL ? publicCloudWith(env.BOTFRAMEWORK_OPENID_METADATA_URL) : {}),
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    tlog.error({ err: error.message, activityType: context.activity.type }, "teams turn failed");
  };
  const members = new TeamsMembers();
  // one bot per municipality: each speaks its own words and acts through its own workflow only
  const bots = new Map<Workflow, PartnerBot>();
  const botFor = (wf: Workflow) => {
    let bot = bots.get(wf);
    if (!bot) bots.set(wf, (bot = new PartnerBot(wf, wf.ctx.store, tlog, members)));
    return bot;
  };
  const board = workflow.ctx.dir.boardMembers().filter((m) => m.teams).length;
  if (board > REFRESH_MAX_USERS) {
    tlog.warn({ boardMembers: board, max: REFRESH_MAX_USERS }, "the board has more Teams members than a card can refresh for: every viewer of the review card sees the vote buttons, which refuse anyone not on the board");
  }
  const tenants = allowedTenants(env);
  const anyTenant = municipalities.teamsTenants().length === 0;

  http.post("/api/messages", express.json({ limit: "256kb" }), async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object" || Array.isArray(body) || typeof body.type !== "string" || body.type === "") {
      res.status(400).json({ error: "not a Bot Framework activity (no type)" });
      return;
    }
    const bad = malformation(body);
    if (bad) {
      res.status(400).json({ error: `refused text: ${malformationText(bad)}` });
      return;
    }
    // Without an app id anyone could speak as any user: emulator mode only answers this machine, directly.
    if (emulatorMode) {
      const why = emulatorRefusal(req.headers, req.socket.remoteAddress, body.serviceUrl);
      if (why) {
        tlog.warn({ why }, "teams emulator request refused");
        res.status(403).json({ error: `Teams is in local emulator mode (TEAMS_EMULATOR=1): refused, ${why}` });
        return;
      }
    }
    // the Azure bot may have other channels (Web Chat, Direct Line) where ids are not Teams users'
    if (!emulatorMode && body.channelId !== "msteams") {
      tlog.warn({ channelId: body.channelId }, "activity from a channel other than Teams refused");
      res.status(403).json({ error: "only Microsoft Teams activities are accepted" });
      return;
    }
    await adapter.process(req, res, async (context) => {
      const tenant = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      const wf = municipalities.forTeamsTenant(tenant) ?? (anyTenant ? workflow : undefined);
      if (!wf) {
        tlog.warn({ tenant }, "teams activity from a tenant of no municipality refused");
        await workflow.recordRefusal(teamsActor(context.activity), "teams.tenant", { type: "tenant", id: tenant ?? "-", proposalId: null, department: null });
        if (context.activity.type === "invoke") await context.sendActivity({ type: "invokeResponse", value: { status: 403 } });
        return;
      }
      await botFor(wf).run(context);
    });
  });

  if (emulatorMode) {
    tlog.warn("TEAMS RUNS IN LOCAL EMULATOR MODE (TEAMS_EMULATOR=1, no MICROSOFT_APP_ID): /api/messages accepts unauthenticated requests made directly from this machine (no proxy headers, a local serviceUrl). Never use this in production.");
  }
  // a channel with no reference of its own is reached through a stored channel of the city's tenant: the
  // app's own tenant, or the only one allowed (a multi-tenant app serving one city)
  const homeTenant = env.MICROSOFT_APP_TENANT_ID ?? (tenants.length === 1 ? tenants[0] : undefined);
  const tenantOf = (slug: string) => municipalities.get(slug)?.ctx.dir.org.tenant.teamsTenants[0];
  return { port: new TeamsChatPort(adapter, appId, store.conversations, homeTenant, members, tenantOf), emulatorMode };
}
