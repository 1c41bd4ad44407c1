/** Environment configuration, parsed once at start. A wrong value stops start-up naming the variable. */
import cron from "node-cron";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("file:./data/app.db")
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), "must be a SQLite URL (file:./data/app.db) or a PostgreSQL URL (postgresql://user:password@host:5432/db)"),
  /** PostgreSQL: connections per process (each replica has its own pool) */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xoxb-"), "must start with xoxb-"),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), "must start with xapp-"),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
  // --- Slack through OAuth (many workspaces, one per municipality or more): on when all four are set ---
  /** the app's Client ID (Basic Information), digits.digits */
  SLACK_CLIENT_ID: optionalString.refine((v) => v === undefined || /^\d+\.\d+$/.test(v), "must be the app's Client ID (digits, a dot, digits)"),
  /** the app's Client Secret (Basic Information) */
  SLACK_CLIENT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters (the app's Client Secret)"),
  /** signs the OAuth state and the install links (every replica needs the same one) */
  SLACK_STATE_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  /** encrypts the workspaces' tokens in the database: 32 random bytes in base64 (openssl rand -base64 32) */
  SLACK_TOKEN_KEY: optionalString.refine((v) => v === undefined || isTokenKey(v), "must be 32 bytes in base64 (openssl rand -base64 32)"),
  INTAKE_API_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  ORG_CONFIG: optionalString,
  TZ_NAME: z.literal("Asia/Tokyo", { error: "only Asia/Tokyo is supported (the city's calendar)" }).default("Asia/Tokyo"),
  LOCALE: z.enum(["ja", "en"]).default("ja"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** cron expression of the reminder sweep (Asia/Tokyo) */
  REMINDER_CRON: z.string().default("*/10 * * * *").refine((v) => cron.validate(v), "must be a cron expression such as */10 * * * *"),
  /** least time between two posts to one channel (shared by every process); Slack allows about one per second */
  SLACK_CHANNEL_PACE_MS: z.coerce.number().int().min(0).max(60_000).default(1100),
  /** the same for Teams (at most 7 per second per conversation) */
  TEAMS_CHANNEL_PACE_MS: z.coerce.number().int().min(0).max(60_000).default(150),
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"]).default("SingleTenant"),
  /**
   * 1 = Teams without authentication, for the Bot Framework Emulator on this machine (no MICROSOFT_APP_ID).
   * Requests that came through a proxy or name a non-local serviceUrl are refused even then.
   */
  TEAMS_EMULATOR: z.enum(["0", "1", ""]).default("0").transform((v) => v === "1"),
  /** comma-separated tenant ids accepted from Teams, besides MICROSOFT_APP_TENANT_ID (one of the two is required) */
  TEAMS_ALLOWED_TENANTS: optionalString,
  /** override of the Bot Framework OpenID metadata URL (sovereign clouds; tests point it at a fake) */
  /** the public desk (/propose, /challenges, /partnerships): off unless "1" (a public form is a new door: deny by default) */
  PUBLIC_DESK: z.enum(["0", "1", ""]).default("0").transform((v) => v === "1"),
  /** where companies reach the desk (https://… behind the city's proxy): status links, secure cookies */
  PUBLIC_BASE_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), "must be an http(s) URL such as https://partners.example.lg.jp")
    .refine((v) => v === undefined || !v.startsWith("http://") || isLocalUrl(v), "must be https:// (plain http:// only for localhost or 127.0.0.1): companies' status links and cookies travel on it"),
  /** signs the desk's form tokens; every replica needs the same one (a random one per process otherwise) */
  PUBLIC_FORM_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  /** signs the reports' personal links, sessions and chart image URLs (derived from another secret when unset) */
  REPORTS_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters"),
  /** proposals one address may send in 15 minutes */
  PUBLIC_FORM_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5),
  /** hops of reverse proxies to trust for the client's address (X-Forwarded-For); 0: none, the socket's address counts */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** the mail relay (smtp://host:25, smtps://host:465, user:password@ if it asks): mail to companies is off when unset */
  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\/[^/]+/.test(v), "must be an SMTP URL such as smtp://mail.example.lg.jp:25"),
  /** the sender of mail to companies: an address, or a name and an address ("企業連携推進担当 <partners@example.lg.jp>") */
  MAIL_FROM: optionalString.refine((v) => v === undefined || /^(?:[^\r\n<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/.test(v), "must be an address, or a name and <address>"),
  /** how long one mail may take (connecting, the server's greeting, each answer) before it is tried again later */
  MAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  // --- the HTTP server's limits (slow clients, connection floods) ---
  /** longest time to receive a whole request (headers and body), in ms; slower clients get 408 and are closed */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** longest time to receive a request's headers, in ms (at most HTTP_REQUEST_TIMEOUT_MS) */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /** open connections at most (Slack, Teams, the desk and proxies' keep-alive together); more are closed at once */
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  BOTFRAMEWORK_OPENID_METADATA_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
});

/** 32 bytes in base64 (standard or URL-safe, padded or not): the AES-256 key of the Slack tokens */
export function isTokenKey(v: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(v) && Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64").length === 32;
}

/** http://localhost, http://127.0.0.1, http://[::1]: a desk tried on one's own machine (no TLS there) */
function isLocalUrl(v: string): boolean {
  try {
    return ["localhost", "127.0.0.1", "[::1]"].includes(new URL(v).hostname);
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment: ${lines.join("; ")}`);
  }
  const env = result.data;
  const oauth = SLACK_OAUTH_VARIABLES.filter((k) => env[k] !== undefined);
  if (oauth.length > 0) {
    const missing = SLACK_OAUTH_VARIABLES.filter((k) => env[k] === undefined);
    if (missing.length) throw new ConfigError(`Invalid environment: ${missing.join(", ")}: required with ${oauth.join(", ")} (Slack through OAuth needs all four)`);
    // two ways of reaching Slack: one token, or one per installed workspace; never both at once
    if (env.SLACK_BOT_TOKEN) throw new ConfigError("Invalid environment: SLACK_BOT_TOKEN: leave it empty when SLACK_CLIENT_ID and the other OAuth variables are set (each workspace's token comes from its installation)");
    // the install pages and Slack's requests come over HTTP: Socket Mode has no public door for them
    if (env.SLACK_APP_TOKEN) throw new ConfigError("Invalid environment: SLACK_APP_TOKEN: Socket Mode is for the single-token mode; with OAuth the bot serves /slack/events, /slack/install and /slack/oauth_redirect over HTTPS");
    if (!env.SLACK_SIGNING_SECRET) throw new ConfigError("Invalid environment: SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID (requests to /slack/events are verified with it)");
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    throw new ConfigError("Invalid environment: SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)");
  }
  if (env.MICROSOFT_APP_ID) {
    const needs: Array<keyof Env> =
      env.MICROSOFT_APP_TYPE === "SingleTenant" ? ["MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID"] : env.MICROSOFT_APP_TYPE === "MultiTenant" ? ["MICROSOFT_APP_PASSWORD"] : ["MICROSOFT_APP_TENANT_ID"];
    const missing = needs.filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(`Invalid environment: ${missing.join(", ")}: required with MICROSOFT_APP_ID for MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE}`);
    // deny by default: without a tenant list, anyone who installs the app in their own tenant could use it
    if (!env.MICROSOFT_APP_TENANT_ID && !env.TEAMS_ALLOWED_TENANTS) {
      throw new ConfigError("Invalid environment: TEAMS_ALLOWED_TENANTS: required with MICROSOFT_APP_ID when MICROSOFT_APP_TENANT_ID is not set (the tenants whose users may use the bot)");
    }
  }
  return env;
}

/** Mail to companies goes out only with a relay and a sender. */
export function mailEnabled(env: Env): boolean {
  return env.SMTP_URL !== undefined && env.MAIL_FROM !== undefined;
}

/** Teams is on with an app id (authenticated), or in emulator mode when asked for explicitly. */
export function teamsMode(env: Env): "on" | "emulator" | "off" {
  if (env.MICROSOFT_APP_ID) return "on";
  return env.TEAMS_EMULATOR ? "emulator" : "off";
}

/** The variables of Slack through OAuth: all four, or none. */
export const SLACK_OAUTH_VARIABLES = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET", "SLACK_TOKEN_KEY"] as const;

/** Slack is on with one bot token (one workspace), or through OAuth (each installed workspace its own). */
export function slackEnabled(env: Env): boolean {
  return env.SLACK_BOT_TOKEN !== undefined || slackOAuth(env);
}

/** Slack through OAuth: workspaces install the app (/slack/install with a link from the CLI), tokens in the database. */
export function slackOAuth(env: Env): boolean {
  return SLACK_OAUTH_VARIABLES.every((k) => env[k] !== undefined);
}

/** Azure AD tenants whose Teams activities are accepted: TEAMS_ALLOWED_TENANTS and the app's own tenant. */
export function allowedTenants(env: Env): string[] {
  const list = (env.TEAMS_ALLOWED_TENANTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (env.MICROSOFT_APP_TENANT_ID) list.push(env.MICROSOFT_APP_TENANT_ID);
  return list;
}
