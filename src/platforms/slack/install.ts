/**
 * Slack's install flow in OAuth mode, on @slack/oauth's InstallProvider (the installer Bolt builds when
 * given clientId, clientSecret, stateSecret, scopes and an installationStore), with the state verified (a
 * signed state that expires after 10 minutes, and the cookie of the browser that started) and one rule of
 * ours in front, deny by default:
 *
 * - GET /slack/install: only with a valid install link from the CLI (install-link.ts), else 403. The
 *   link's municipality goes into the OAuth state's metadata, and the installer is redirected to Slack.
 * - GET /slack/oauth_redirect: the state is verified, the code exchanged, and the installation stored
 *   for the municipality the state carries (installations.ts checks and uses up the link once more).
 *
 * Bolt's ExpressReceiver mounts the same two routes itself, but with one InstallURLOptions for every
 * request (no per-link metadata) and it then refuses a custom `authorize` beside them (App.js,
 * initAuthorizeIfNoTokenIsGiven), which token rotation once per installation needs: so the InstallProvider
 * is built here and its two handlers are mounted on our Express app.
 */
import { ErrorCode, InstallProvider, type CallbackOptions, type CodedError } from "@slack/oauth";
import type { Express, Request, Response } from "express";
import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Env } from "../../config/env";
import { words, type PlaceConfig } from "../../i18n";
import { boltLogger } from "./bolt-logger";
import { slackClientOptions } from "./client";
import { verifyInstallLink } from "./install-link";
import { InstallRefused, type InstallMetadata, type SlackInstallations } from "./installations";

/** the bot's scopes: those of manifests/slack/manifest.yml (a test compares them) */
export const SLACK_BOT_SCOPES = ["chat:write", "commands"] as const;

/** what Bolt's installer takes, as Bolt names it */
export const installerOptions = {
  installPath: "/slack/install",
  redirectUriPath: "/slack/oauth_redirect",
  stateVerification: true,
  // straight to Slack's authorize page (our own check is the page in front)
  directInstall: true,
  stateCookieName: "slack-app-oauth-state",
  stateCookieExpirationSeconds: 600,
} as const;

type Page = "noLink" | "expired" | "used" | "taken" | "badState" | "cancelled" | "failed" | "installed" | "installedOrg";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A short page in both languages, Japanese first; nothing from the request is echoed. */
function send(res: ServerResponse, org: PlaceConfig, status: number, page: Page): void {
  const ja = words("ja", org).slackInstall;
  const en = words("en", org).slackInstall;
  const html = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(ja.title)} / ${escapeHtml(en.title)}</title></head>
<body>
<main>
<h1>${escapeHtml(ja.title)}</h1>
<p>${escapeHtml(ja[page])}</p>
<section lang="en"><h2>${escapeHtml(en.title)}</h2><p>${escapeHtml(en[page])}</p></section>
</main>
</body></html>
`;
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'");
  res.end(html);
}

/** A failure of the redirect, as the page tells it (and its status). */
function failurePage(e: CodedError | Error): [number, Page] {
  if (e instanceof InstallRefused) return [403, e.reason === "expired" ? "expired" : e.reason === "used" ? "used" : e.reason === "taken" ? "taken" : e.reason === "incomplete" ? "failed" : "noLink"];
  const code = (e as CodedError).code;
  if (code === ErrorCode.InvalidStateError || code === ErrorCode.MissingStateError) return [403, "badState"];
  // the installer pressed Cancel on Slack's page (error=access_denied)
  if (code === ErrorCode.AuthorizationError) return [400, "cancelled"];
  if (code === ErrorCode.MissingCodeError) return [400, "badState"];
  return [502, "failed"];
}

export interface InstallDeps {
  env: Env;
  installations: SlackInstallations;
  org: PlaceConfig;
  log: Logger;
  /** an audit event for a refused redirect (it came with a valid state: someone held a link) */
  auditRefusal(reason: string, data: Record<string, unknown>): Promise<void>;
  now?: () => Date;
}

/** Mounts /slack/install and /slack/oauth_redirect; returns the installer (for its client settings). */
export function mountInstall(http: Express, deps: InstallDeps): InstallProvider {
  const { env, log, org } = deps;
  const now = deps.now ?? (() => new Date());
  const installer = new InstallProvider({
    clientId: env.SLACK_CLIENT_ID!,
    clientSecret: env.SLACK_CLIENT_SECRET!,
    stateSecret: env.SLACK_STATE_SECRET!,
    installationStore: deps.installations,
    directInstall: installerOptions.directInstall,
    stateVerification: installerOptions.stateVerification,
    stateCookieName: installerOptions.stateCookieName,
    stateCookieExpirationSeconds: installerOptions.stateCookieExpirationSeconds,
    authVersion: "v2",
    logger: boltLogger(log),
    clientOptions: slackClientOptions(env),
  });
  const redirectUri = env.PUBLIC_BASE_URL ? `${env.PUBLIC_BASE_URL.replace(/\/$/, "")}${installerOptions.redirectUriPath}` : undefined;

  http.get(installerOptions.installPath, async (req: Request, res: Response) => {
    const check = verifyInstallLink(env.SLACK_STATE_SECRET!, req.query.link, now());
    if (!check.ok) {
      // anyone on the internet can come here: logged, not audited (nothing happened, and no row per stranger)
      log.warn({ reason: check.reason }, "slack install page refused: no valid install link");
      send(res, org, 403, check.reason === "expired" ? "expired" : "noLink");
      return;
    }
    const metadata: InstallMetadata = { tenant: check.link.tenant, link: req.query.link as string };
    try {
      await installer.handleInstallPath(req, res, undefined, { scopes: [...SLACK_BOT_SCOPES], metadata: JSON.stringify(metadata), ...(redirectUri ? { redirectUri } : {}) });
    } catch (e) {
      log.error({ err: (e as Error).message }, "slack install page failed");
      if (!res.headersSent) send(res, org, 500, "failed");
    }
  });

  const refused = async (e: InstallRefused, metadata: string | undefined, res: ServerResponse) => {
    // the state was valid: someone held a link; the refusal is the city's to see
    let tenant: string | null = null;
    try {
      tenant = metadata ? ((JSON.parse(metadata) as Partial<InstallMetadata>).tenant ?? null) : null;
    } catch {
      // not ours: nothing to name
    }
    await deps.auditRefusal(e.reason, { tenant }).catch((err) => log.error({ err: (err as Error).message }, "could not audit a refused slack installation"));
    log.warn({ reason: e.reason }, "slack installation refused");
    const [status, page] = failurePage(e);
    send(res, org, status, page);
  };
  const callbackOptions: CallbackOptions = {
    // before Slack's code is exchanged: a link used up or expired meanwhile goes no further
    beforeInstallation: async (options, _req, res) => {
      try {
        await deps.installations.checkLink(options.metadata);
        return true;
      } catch (e) {
        if (!(e instanceof InstallRefused)) throw e;
        await refused(e, options.metadata, res);
        return false;
      }
    },
    successAsync: async (installation, _options, _req, res) => {
      send(res, org, 200, installation.isEnterpriseInstall ? "installedOrg" : "installed");
    },
    failureAsync: async (error, options, _req, res) => {
      if (error instanceof InstallRefused) return refused(error, options.metadata, res);
      log.warn({ code: (error as CodedError).code }, "slack installation failed");
      const [status, page] = failurePage(error);
      send(res, org, status, page);
    },
  };
  http.get(installerOptions.redirectUriPath, async (req: Request, res: Response) => {
    await installer.handleCallback(req, res, callbackOptions);
  });
  return installer;
}
