/** Filling the app manifests' {{PLACEHOLDERS}}, shared by the npm scripts and their tests. */
import { readFileSync } from "node:fs";
import { loadOrg, resolveOrgPath, type OrgConfig } from "../src/config/org";

export const SLACK_MANIFEST = "manifests/slack/manifest.yml";
export const TEAMS_MANIFEST = "manifests/teams/manifest.json";

/** Replaces every {{NAME}}; a placeholder left without a value is an error naming it. */
export function fill(template: string, values: Record<string, string | undefined>): string {
  const missing = new Set<string>();
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined || v === "") {
      missing.add(name);
      return "";
    }
    return v;
  });
  if (missing.size) throw new Error(`missing values for: ${[...missing].join(", ")}`);
  return out;
}

/** "https://bot.example.city/" → base URL without trailing slash, and its host for validDomains. */
export function publicBase(url: string | undefined): { baseUrl: string; domain: string } {
  if (!url) throw new Error("PUBLIC_BASE_URL: the bot's public https URL is required (e.g. https://partner-bot.city.example.jp)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`PUBLIC_BASE_URL: not a URL: ${url}`);
  }
  if (parsed.protocol !== "https:") throw new Error("PUBLIC_BASE_URL: Slack and Teams need https");
  return { baseUrl: `${parsed.origin}${parsed.pathname.replace(/\/$/, "")}`, domain: parsed.host };
}

/** The names the manifests show, from the org config (ORG_CONFIG, config/org.yml, or the example): no city in the templates. */
function orgNames(org: OrgConfig): Record<string, string> {
  return {
    CITY_NAME: org.city.name.ja,
    WINDOW_NAME: org.window.name.ja,
    POLICY_NAME: org.city.policy.ja,
    CITY_NAME_EN: org.city.name.en,
    WINDOW_NAME_EN: org.window.name.en,
    POLICY_NAME_EN: org.city.policy.en,
  };
}

const defaultOrg = () => loadOrg(resolveOrgPath(process.env.ORG_CONFIG));

export function slackManifest(baseUrl: string, org: OrgConfig = defaultOrg()): string {
  return fill(readFileSync(SLACK_MANIFEST, "utf8"), { BASE_URL: baseUrl, ...orgNames(org) });
}

export function teamsManifest(appId: string | undefined, domain: string, version: string, org: OrgConfig = defaultOrg()): Record<string, unknown> {
  if (!appId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    throw new Error("MICROSOFT_APP_ID: the bot's Microsoft app id (a GUID) is required");
  }
  return JSON.parse(fill(readFileSync(TEAMS_MANIFEST, "utf8"), inJson({ MICROSOFT_APP_ID: appId, BOT_DOMAIN: domain, APP_VERSION: version, ...orgNames(org) })));
}

/** The Teams manifest's English strings (localizationInfo: Japanese is the default, English is added). */
export function teamsEnglish(org: OrgConfig = defaultOrg()): Record<string, unknown> {
  return JSON.parse(fill(readFileSync(TEAMS_MANIFEST.replace(/manifest\.json$/, "en.json"), "utf8"), inJson(orgNames(org))));
}

/** Values placed inside JSON strings: a quote or backslash in a name must not break the file. */
function inJson(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v).slice(1, -1)]));
}
