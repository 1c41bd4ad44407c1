/**
 * Microsoft Teams through botbuilder's CloudAdapter on POST /api/messages. Without MICROSOFT_APP_ID
 * authentication is off (local emulator mode); with it, requests without a valid Bot Framework token
 * get 401. Tenants outside the allow-list are refused.
 */
import { type Activity, CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes } from "botbuilder";
import { AuthenticationConstants, AuthenticationError } from "botframework-connector";
import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import type { Env } from "../../config/env";
import type { Store } from "../../ports/store";
import { PartnerBot } from "./bot";
import { TeamsChatPort } from "./chat-port";

export interface TeamsPlatform {
  port: TeamsChatPort;
  emulatorMode: boolean;
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

export function allowedTenants(env: Env): string[] {
  const list = (env.TEAMS_ALLOWED_TENANTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (env.MICROSOFT_APP_TENANT_ID) list.push(env.MICROSOFT_APP_TENANT_ID);
  return list;
}

export function createTeams(env: Env, workflow: Workflow, store: Store, http: Express, log: Logger): TeamsPlatform {
  const tlog = log.child({ platform: "teams" });
  const appId = env.MICROSOFT_APP_ID ?? "";
  const emulatorMode = appId === "";
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
  const bot = new PartnerBot(workflow, store, tlog);
  const tenants = allowedTenants(env);

  http.post("/api/messages", express.json({ limit: "256kb" }), async (req, res) => {
    // Without an app id anyone could speak as any user: emulator mode only answers this machine.
    if (emulatorMode && !isLoopback(req.socket.remoteAddress)) {
      res.status(401).json({ error: "Teams is in local emulator mode (no MICROSOFT_APP_ID): only requests from this machine are accepted" });
      return;
    }
    await adapter.process(req, res, async (context) => {
      const tenant = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      if (tenants.length > 0 && (!tenant || !tenants.includes(tenant))) {
        tlog.warn({ tenant }, "teams activity from a tenant outside the allow-list refused");
        if (context.activity.type === "invoke") await context.sendActivity({ type: "invokeResponse", value: { status: 403 } });
        return;
      }
      await bot.run(context);
    });
  });

  if (emulatorMode) {
    tlog.warn("TEAMS RUNS IN LOCAL EMULATOR MODE: MICROSOFT_APP_ID is not set, so /api/messages accepts unauthenticated requests, from this machine only. Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID to connect Teams.");
  }
  return { port: new TeamsChatPort(adapter, appId, store.conversations, env.MICROSOFT_APP_TENANT_ID), emulatorMode };
}
