/**
 * Issue 25: Slack through OAuth, many workspaces on one deployment. The real bot (Bolt's receiver, our
 * install routes, Prisma) against the fake Slack Web API on 127.0.0.1, which answers oauth.v2.access
 * with the JSON Slack sends (test/fixtures/slack/oauth-v2-access-*.json, sources in test/fixtures/README.md)
 * and records the token of every call.
 *
 * What the tests change in the fixtures, and only that: several installations live in one database, so
 * a copy of the workspace answer gets another team id (and, for the Grid case, the org's enterprise id)
 * and its own access token; for token rotation the answer carries `refresh_token` and `expires_in` as
 * Slack adds them when rotation is on (values from the refresh fixture's shape).
 */
import { ClearStateStore } from "@slack/oauth";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { INSTALL_ROUTES, OPERATOR_COMMANDS } from "../../../src/app/permissions";
import { slackTenantOf } from "../../../src/app/tenants/slack-workspace";
import { boot } from "../../../src/bootstrap";
import { runCli } from "../../../src/cli";
import { COMMANDS } from "../../../src/cli/table";
import { ConfigError, parseEnv } from "../../../src/config/env";
import { buildCore } from "../../../src/core";
import { words } from "../../../src/i18n";
import { createLogger } from "../../../src/logger";
import { createInstallations } from "../../../src/platforms/slack/client";
import { issueInstallLink } from "../../../src/platforms/slack/install-link";
import { TokenCipher } from "../../../src/platforms/slack/token-crypto";
import { eventually, INTAKE_TOKEN, proposalBody, startHarness, type Harness } from "../../helpers/harness";
import { testOrg } from "../../helpers/org";
import { tempStore } from "../../helpers/db";
import { stringify } from "yaml";
import { childEnv, startServer } from "../../helpers/server-process";
import { SIGNING_SECRET, SlackSender } from "../../helpers/slack-client";

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/slack", `${name}.json`), "utf8")) as Record<string, any>;
const WORKSPACE = fixture("oauth-v2-access-workspace");
const ORG_WIDE = fixture("oauth-v2-access-org-wide");
const REFRESH = fixture("oauth-v2-access-refresh-bot");

const STATE_SECRET = "test-state-secret-0123456789-0123456789";
const TOKEN_KEY = randomBytes(32).toString("base64");
const OAUTH_ENV = { SLACK_BOT_TOKEN: "", SLACK_CLIENT_ID: "1234567890.0987654321", SLACK_CLIENT_SECRET: "test-client-secret-0123456789", SLACK_STATE_SECRET: STATE_SECRET, SLACK_TOKEN_KEY: TOKEN_KEY };
const org = testOrg();
const ja = words("ja", org).slackInstall;
const en = words("en", org).slackInstall;

let h: Harness;
const logLines: string[] = [];
/** the next code exchange's answer, and the calls of each kind the fake got */
let nextExchange: unknown;
let exchanges = 0;
let refreshes = 0;
let refreshDelayMs = 0;
let seq = 0;

/** The workspace answer as another workspace (team, enterprise, token): several installations in one database. */
function workspace(team: string, token: string, more: Record<string, unknown> = {}, enterprise: { id: string; name: string } | null = WORKSPACE.enterprise) {
  return { ...WORKSPACE, access_token: token, team: { ...WORKSPACE.team, id: team }, enterprise, ...more };
}

type Where = { team?: string; enterprise?: string; orgWide?: boolean };

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  // the municipalities the install links name, added as `tenant add` does (each is served by its own workflow)
  const made = await tempStore();
  for (const slug of ["a", "b", "c", "d", "e", "f", "g", "h", "z"]) await made.store.municipalities.save(`tenant-${slug}`, stringify(org));
  await made.store.close();
  h = await startHarness({ org, env: OAUTH_ENV, logTo: { level: "debug", stream }, databaseUrl: made.url });
  h.fake.on("oauth.v2.access", async (args) => {
    if (args.grant_type === "refresh_token") {
      refreshes++;
      if (refreshDelayMs) await new Promise((r) => setTimeout(r, refreshDelayMs));
      return REFRESH;
    }
    exchanges++;
    return nextExchange;
  });
}, 60_000);

afterAll(async () => {
  await h?.cleanup();
});

async function openInstall(link: string): Promise<Response> {
  return fetch(`${h.app.url}/slack/install?link=${encodeURIComponent(link)}`, { redirect: "manual" });
}

/** Through /slack/install with `link` to Slack's authorize page, then back to the redirect as Slack sends the installer. */
async function installWith(link: string, exchange: unknown): Promise<{ status: number; html: string; authorize: URL }> {
  const start = await openInstall(link);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0];
  nextExchange = exchange;
  const back = await fetch(`${h.app.url}/slack/oauth_redirect?code=code-${++seq}&state=${encodeURIComponent(authorize.searchParams.get("state")!)}`, { headers: { cookie } });
  return { status: back.status, html: await back.text(), authorize };
}

function install(tenant: string, exchange: unknown) {
  return installWith(issueInstallLink(STATE_SECRET, tenant, new Date(), 3_600_000).token, exchange);
}

function eventBody(event: Record<string, unknown>, w: Where, eventId: string): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: w.team,
    ...(w.enterprise ? { enterprise_id: w.enterprise } : {}),
    api_app_id: "A0KRD7HC3",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: w.enterprise ?? null, team_id: w.team ?? null, user_id: "U0KRQLJ9H", is_bot: true, is_enterprise_install: w.orgWide ?? false }],
    is_ext_shared_channel: false,
  });
}

/** A signed app_home_opened from that workspace: the bot answers with views.publish, with the installation's token. */
async function homeOpened(w: Where, user = "U0ANY", base?: string): Promise<void> {
  const n = ++seq;
  const sender = base ? new SlackSender(base, h.fake.url.replace(/api\/$/, "")) : h.slack;
  const res = await sender.raw(eventBody({ type: "app_home_opened", user, channel: "D0HOME", tab: "home", event_ts: `1800000000.${String(n).padStart(6, "0")}` }, w, `EvOAUTH${n}`), "application/json");
  expect(res.status).toBe(200);
}

async function slackEvent(event: Record<string, unknown>, w: Where): Promise<void> {
  const res = await h.slack.raw(eventBody(event, w, `EvOAUTH${++seq}`), "application/json");
  expect(res.status).toBe(200);
}

/** A signed `/partner <text>` from that workspace. */
async function slash(w: Where, user: string, channel: string, text: string): Promise<void> {
  const n = ++seq;
  const body = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: w.team!,
    team_domain: "city",
    ...(w.enterprise ? { enterprise_id: w.enterprise, enterprise_name: "org" } : {}),
    channel_id: channel,
    channel_name: "partner",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/partner",
    text,
    api_app_id: "A0KRD7HC3",
    is_enterprise_install: String(w.orgWide ?? false),
    response_url: `${h.fake.url.replace(/api\/$/, "")}response/${n}`,
    trigger_id: `trigger.${n}`,
  }).toString();
  expect((await h.slack.raw(body, "application/x-www-form-urlencoded")).status).toBe(200);
}

const callsWith = (method: string, token: string) => h.fake.calls.filter((c) => c.method === method && c.token === token).length;
const store = () => h.app.store;
const audits = async () => store().read.audit.listBetween(null, null, 0, 100_000);
const rows = async () => (store() as unknown as { db: { $queryRawUnsafe: (q: string) => Promise<unknown[]> } }).db.$queryRawUnsafe('SELECT * FROM "SlackInstallation"');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Slack through OAuth", () => {
  it("deny by default: a stranger's /slack/install (no link, another secret's, an expired one) and a forged redirect are 403; nothing reaches Slack, nothing is stored", async () => {
    const WALK: Record<keyof typeof INSTALL_ROUTES, () => Promise<Response>> = {
      "GET /slack/install": () => fetch(`${h.app.url}/slack/install`, { redirect: "manual" }),
      "GET /slack/oauth_redirect": () => fetch(`${h.app.url}/slack/oauth_redirect?code=stolen&state=forged`, { redirect: "manual" }),
    };
    expect(Object.keys(WALK).sort(), "a walk for every row, and a row for every walk").toEqual(Object.keys(INSTALL_ROUTES).sort());
    for (const [route, walk] of Object.entries(WALK)) {
      const res = await walk();
      expect(res.status, route).toBe(403);
      expect(res.headers.get("location"), route).toBeNull();
    }
    const page = await (await WALK["GET /slack/install"]()).text();
    // Japanese first, then English; words of src/i18n
    expect(page.indexOf(ja.noLink)).toBeGreaterThan(0);
    expect(page.indexOf(en.noLink)).toBeGreaterThan(page.indexOf(ja.noLink));
    expect((await openInstall(issueInstallLink("another-secret-0123456789-0123456789", "tenant-a", new Date(), 3_600_000).token)).status).toBe(403);
    const expired = await openInstall(issueInstallLink(STATE_SECRET, "tenant-a", new Date(Date.now() - 7_200_000), 3_600_000).token);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain(ja.expired);
    expect(exchanges).toBe(0);
    expect(await rows()).toHaveLength(0);
    // the CLI command that hands out links is a row too, and a real command
    for (const name of Object.keys(OPERATOR_COMMANDS)) expect(COMMANDS.map((c) => c.name), name).toContain(name);
  });

  it("a signed link leads to Slack's authorize page with a state; the redirect stores the installation for the link's municipality, audited, tokens encrypted; the link is used up", async () => {
    const { token } = issueInstallLink(STATE_SECRET, "tenant-a", new Date(), 3_600_000);
    const done = await installWith(token, WORKSPACE);
    expect(`${done.authorize.origin}${done.authorize.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(done.authorize.searchParams.get("client_id")).toBe(OAUTH_ENV.SLACK_CLIENT_ID);
    expect(done.authorize.searchParams.get("state")).toBeTruthy();
    // the scopes asked are the manifest's
    const manifest = parseYaml(readFileSync("manifests/slack/manifest.yml", "utf8"));
    expect(done.authorize.searchParams.get("scope")!.split(",").sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(done.status).toBe(200);
    expect(done.html).toContain(ja.installed);
    expect(exchanges).toBe(1);

    const rec = await store().slackInstallations.get("T:E12345678:T9TK3CUKW");
    expect(rec).toMatchObject({ tenantId: "tenant-a", teamId: "T9TK3CUKW", enterpriseId: "E12345678", isEnterpriseInstall: false, botUserId: "U0KRQLJ9H", scopes: "chat:write,commands", installerUserId: "U1234", revokedAt: null, botRefreshTokenEnc: null });
    expect(new TokenCipher(TOKEN_KEY).open(rec!.botTokenEnc!, rec!.installKey)).toBe(WORKSPACE.access_token);
    // the row as the database holds it: no token in clear (nor the installer's user token, never kept)
    const raw = JSON.stringify(await rows());
    for (const secret of [WORKSPACE.access_token, "pdFZKVeTuE8sk7oOcBrzbqgy", "xoxb-", "xoxp-", "xoxe-"]) expect(raw).not.toContain(secret);
    const installed = (await audits()).filter((a) => a.action === "slack.installed");
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatchObject({ actor: "slack:U1234", subjectType: "slackInstallation", subjectId: "T:E12345678:T9TK3CUKW" });
    expect(installed[0].data).toMatchObject({ tenant: "tenant-a", teamId: "T9TK3CUKW", isEnterpriseInstall: false });
    expect(JSON.stringify(installed[0])).not.toContain("xoxb-");
    // which municipality: the installation's; an org-wide question about the same enterprise is another installation
    expect(await slackTenantOf(store().slackInstallations, "T9TK3CUKW", "E12345678", false)).toBe("tenant-a");
    expect(await slackTenantOf(store().slackInstallations, "T9TK3CUKW", "E12345678", true)).toBeNull();
    expect(await slackTenantOf(store().slackInstallations, "T0UNKNOWN", undefined, false)).toBeNull();

    // the same link once more: it leads to Slack (it is still signed and current), but back from there
    // Slack's code is not even exchanged, and nothing is stored
    const again = await installWith(token, workspace("T0SECOND", "xoxb-second-0001"));
    expect(again.status).toBe(403);
    expect(again.html).toContain(ja.used);
    expect(exchanges).toBe(1);
    expect(await store().slackInstallations.get("T:E12345678:T0SECOND")).toBeNull();
    expect((await audits()).filter((a) => a.action === "slack.install.refused").at(-1)?.data).toMatchObject({ reason: "used", tenant: "tenant-a" });
    // a workspace installed for one municipality is not moved to another by a link of that other one
    const moved = await install("tenant-z", WORKSPACE);
    expect(moved.status).toBe(403);
    expect(moved.html).toContain(ja.taken);
    expect((await store().slackInstallations.get("T:E12345678:T9TK3CUKW"))?.tenantId).toBe("tenant-a");
  });

  it("a signed event and slash command from that workspace are served with that installation's token", async () => {
    const before = callsWith("views.publish", WORKSPACE.access_token);
    await homeOpened({ team: "T9TK3CUKW", enterprise: "E12345678" });
    await eventually(() => expect(callsWith("views.publish", WORKSPACE.access_token)).toBe(before + 1));
    const opened = callsWith("views.open", WORKSPACE.access_token);
    await slash({ team: "T9TK3CUKW", enterprise: "E12345678" }, "U0WIN", "C0WINDOW", "new");
    await eventually(() => expect(callsWith("views.open", WORKSPACE.access_token)).toBe(opened + 1));
 
    // served by its own municipality's workflow (tenant-a): a company of the default municipality is not found
    // (written to the directory directly: a proposal would queue messages the default municipality, not installed here, cannot send)
    await h.app.store.tx((r) => r.companies.create({ name: "港南ロボティクス株式会社", normalizedName: "港南ロボティクス", corporateNumber: null, contactName: null, email: null, phone: null }));
    const answers = () => h.fake.calls.filter((c) => c.method.includes("response/"));
    const n = answers().length;
    await slash({ team: "T9TK3CUKW", enterprise: "E12345678" }, "U0WIN", "C0WINDOW", "company 港南");
    await eventually(() => expect(answers().length).toBe(n + 1));
    expect(JSON.stringify(answers().at(-1)?.args)).not.toContain("港南ロボティクス");
    expect((await h.app.store.read.companies.search("港南", 10)).map((c) => c.name)).toContain("港南ロボティクス株式会社");
  });

  it("a bad state is refused: forged, without the browser's cookie, signed with another secret, or without a code; nothing is exchanged or stored", async () => {
    const count = (await rows()).length;
    const before = exchanges;
    const start = await openInstall(issueInstallLink(STATE_SECRET, "tenant-b", new Date(), 3_600_000).token);
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0];
    const tries: Array<[string, string | undefined, number]> = [
      [`code=c&state=${encodeURIComponent(state)}`, undefined, 403], // another browser
      [`code=c&state=${encodeURIComponent(state)}x`, `${cookie}x`, 403], // edited
      [`code=c&state=forged`, "slack-app-oauth-state=forged", 403],
      [`state=${encodeURIComponent(state)}`, cookie, 400], // no code
    ];
    for (const [query, sentCookie, status] of tries) {
      const res = await fetch(`${h.app.url}/slack/oauth_redirect?${query}`, { headers: sentCookie ? { cookie: sentCookie } : {} });
      expect(res.status, query).toBe(status);
      if (status === 403) expect(await res.text(), query).toContain(ja.badState);
    }
    // a state signed with another secret, carrying its own cookie
    const alien = await new ClearStateStore("not-our-state-secret-0123456789").generateStateParam({ scopes: ["chat:write"], metadata: JSON.stringify({ tenant: "tenant-b", link: "x" }) }, new Date());
    expect((await fetch(`${h.app.url}/slack/oauth_redirect?code=c&state=${alien}`, { headers: { cookie: `slack-app-oauth-state=${alien}` } })).status).toBe(403);
    expect(exchanges).toBe(before);
    expect(await rows()).toHaveLength(count);
  });

  it("Enterprise Grid: an org-wide install and a workspace install in the same enterprise are told apart; a workspace of the Grid without its own install is refused, never served by the org's", async () => {
    const orgDone = await install("tenant-b", ORG_WIDE);
    expect(orgDone.status).toBe(200);
    expect(orgDone.html).toContain(ja.installedOrg);
    const gridWorkspace = workspace("T0GRIDWS", "xoxb-grid-workspace-0001", {}, { id: "E1XXX", name: "Starship" });
    expect((await install("tenant-c", gridWorkspace)).status).toBe(200);
    expect(await store().slackInstallations.get("E:E1XXX")).toMatchObject({ tenantId: "tenant-b", isEnterpriseInstall: true, teamId: null, enterpriseId: "E1XXX" });
    expect(await store().slackInstallations.get("T:E1XXX:T0GRIDWS")).toMatchObject({ tenantId: "tenant-c", isEnterpriseInstall: false });

    // an event for the org-wide install (from any of its workspaces) is served with the org's token
    const orgCalls = callsWith("views.publish", ORG_WIDE.access_token);
    await homeOpened({ team: "T0ANYWS", enterprise: "E1XXX", orgWide: true });
    await eventually(() => expect(callsWith("views.publish", ORG_WIDE.access_token)).toBe(orgCalls + 1));
    // the workspace install of the same enterprise with its own
    const wsCalls = callsWith("views.publish", "xoxb-grid-workspace-0001");
    await homeOpened({ team: "T0GRIDWS", enterprise: "E1XXX", orgWide: false });
    await eventually(() => expect(callsWith("views.publish", "xoxb-grid-workspace-0001")).toBe(wsCalls + 1));
    expect(callsWith("views.publish", ORG_WIDE.access_token)).toBe(orgCalls + 1);
    // a workspace install that does not exist is refused (and audited), even though its enterprise installed org-wide
    const refusedBefore = (await audits()).filter((a) => a.action === "slack.workspace.refused").length;
    const publishes = h.fake.of("views.publish").length;
    await homeOpened({ team: "T0NOTINSTALLED", enterprise: "E1XXX", orgWide: false });
    await eventually(async () => expect((await audits()).filter((a) => a.action === "slack.workspace.refused")).toHaveLength(refusedBefore + 1));
    const refused = (await audits()).filter((a) => a.action === "slack.workspace.refused").at(-1)!;
    expect(refused).toMatchObject({ subjectId: "T:E1XXX:T0NOTINSTALLED", actor: "slack:U0ANY" });
    await sleep(200);
    expect(h.fake.of("views.publish")).toHaveLength(publishes);

    expect(await slackTenantOf(store().slackInstallations, "T0ANYWS", "E1XXX", true)).toBe("tenant-b");
    expect(await slackTenantOf(store().slackInstallations, "T0GRIDWS", "E1XXX", false)).toBe("tenant-c");
    expect(await slackTenantOf(store().slackInstallations, "T0NOTINSTALLED", "E1XXX", false)).toBeNull();
  });

  it("token rotation: two requests at once with an expiring token make one refresh (oauth.v2.access, grant_type=refresh_token); both are served with the new token, stored encrypted", async () => {
    const rotating = workspace("T0ROTATE", "xoxb-rotating-0001", { refresh_token: "xoxe-1-bot-valid-initial", expires_in: 60 });
    expect((await install("tenant-d", rotating)).status).toBe(200);
    const before = refreshes;
    refreshDelayMs = 300;
    try {
      const served = callsWith("views.publish", REFRESH.access_token);
      await Promise.all([homeOpened({ team: "T0ROTATE", enterprise: "E12345678" }), homeOpened({ team: "T0ROTATE", enterprise: "E12345678" })]);
      await eventually(() => expect(callsWith("views.publish", REFRESH.access_token)).toBe(served + 2));
    } finally {
      refreshDelayMs = 0;
    }
    expect(refreshes).toBe(before + 1);
    const refresh = h.fake.calls.filter((c) => c.method === "oauth.v2.access" && c.args.grant_type === "refresh_token").at(-1)!;
    expect(refresh.args).toMatchObject({ refresh_token: "xoxe-1-bot-valid-initial", client_id: OAUTH_ENV.SLACK_CLIENT_ID, client_secret: OAUTH_ENV.SLACK_CLIENT_SECRET });
    expect(callsWith("views.publish", "xoxb-rotating-0001")).toBe(0);
    const rec = (await store().slackInstallations.get("T:E12345678:T0ROTATE"))!;
    const cipher = new TokenCipher(TOKEN_KEY);
    expect(cipher.open(rec.botTokenEnc!, rec.installKey)).toBe(REFRESH.access_token);
    expect(cipher.open(rec.botRefreshTokenEnc!, rec.installKey)).toBe(REFRESH.refresh_token);
    expect(rec.botTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 43_000_000);
    const raw = JSON.stringify(await rows());
    for (const secret of [REFRESH.access_token, REFRESH.refresh_token, "xoxe-1-bot-valid-initial", "xoxb-rotating-0001"]) expect(raw).not.toContain(secret);
    // a later request does not refresh again
    await homeOpened({ team: "T0ROTATE", enterprise: "E12345678" });
    await eventually(() => expect(callsWith("views.publish", REFRESH.access_token)).toBeGreaterThan(0));
    expect(refreshes).toBe(before + 1);
  });

  it("token rotation across processes: two bot processes on one database, each asked at once with an expiring token, refresh it once; the second reads the first's", async () => {
    expect((await install("tenant-e", workspace("T0TWOPROC", "xoxb-twoproc-0001", { refresh_token: "xoxe-1-bot-valid-twoproc", expires_in: 60 }))).status).toBe(200);
    // a second process: the built bot (npm start) in OAuth mode on the same database
    const other = await startServer(childEnv(h.databaseUrl, h.fake.url, OAUTH_ENV));
    const before = refreshes;
    refreshDelayMs = 300;
    try {
      const where = { team: "T0TWOPROC", enterprise: "E12345678" };
      const served = callsWith("views.publish", REFRESH.access_token);
      await Promise.all([homeOpened(where), homeOpened(where, "U0ANY", other.url)]);
      await eventually(() => expect(callsWith("views.publish", REFRESH.access_token)).toBe(served + 2), 10_000);
      expect(refreshes).toBe(before + 1);
      expect(callsWith("views.publish", "xoxb-twoproc-0001")).toBe(0);
      // as Bolt's InstallationStore: the fresh token, and no refresh token handed out (Bolt would refresh by itself)
      const env = parseEnv({ DATABASE_URL: h.databaseUrl, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: h.fake.url, LOG_LEVEL: "silent", ...OAUTH_ENV });
      const inst = await createInstallations(env, store(), createLogger("silent")).fetchInstallation({ teamId: "T0TWOPROC", enterpriseId: "E12345678", isEnterpriseInstall: false });
      expect(inst.bot?.token).toBe(REFRESH.access_token);
      expect(inst.bot?.refreshToken).toBeUndefined();
      expect(refreshes).toBe(before + 1);
    } finally {
      refreshDelayMs = 0;
      other.kill("SIGKILL");
      await other.exited;
    }
  }, 60_000);

  it("while another process holds an installation's refresh lease, a request does not refresh: it waits and is served with the token that process wrote", async () => {
    expect((await install("tenant-h", workspace("T0LEASE", "xoxb-lease-0001", { refresh_token: "xoxe-1-bot-valid-lease", expires_in: 60 }))).status).toBe(200);
    const key = "T:E12345678:T0LEASE";
    const lease = `slack-token-refresh:${key}`;
    // the other process took the lease and is asking Slack
    expect(await store().leases.acquire(lease, "another-process", new Date(), new Date(Date.now() + 30_000))).toBe(true);
    const before = refreshes;
    const request = homeOpened({ team: "T0LEASE", enterprise: "E12345678" });
    await sleep(300);
    expect(refreshes).toBe(before);
    // … it writes what Slack gave it, and lets go
    const cipher = new TokenCipher(TOKEN_KEY);
    const rec = (await store().slackInstallations.get(key))!;
    const written = await store().slackInstallations.rotate(key, { botTokenEnc: cipher.seal("xoxb-from-the-other-process", key), botRefreshTokenEnc: cipher.seal("xoxe-1-from-the-other-process", key), botTokenExpiresAt: new Date(Date.now() + 43_200_000) }, rec.botRefreshTokenEnc!);
    expect(written).toBe(true);
    await store().leases.release(lease, "another-process");
    await request;
    await eventually(() => expect(callsWith("views.publish", "xoxb-from-the-other-process")).toBe(1));
    expect(callsWith("views.publish", "xoxb-lease-0001")).toBe(0);
    expect(refreshes).toBe(before);
    // a writer holding an outdated refresh token cannot put it back
    expect(await store().slackInstallations.rotate(key, { botTokenEnc: cipher.seal("xoxb-stale", key), botRefreshTokenEnc: cipher.seal("xoxe-1-stale", key), botTokenExpiresAt: new Date() }, rec.botRefreshTokenEnc!)).toBe(false);
  });

  it("app_uninstalled: the installation is revoked (audited); the outbox sends with the default tenant's token until then, and afterwards neither serves that team nor uses its token", async () => {
    const team = { team: "T0DEFAULT", enterprise: undefined };
    expect((await install("default", workspace("T0DEFAULT", "xoxb-default-0001", {}, null))).status).toBe(200);
    // the outbox sends as the default tenant's installation
    expect((await h.api("POST", "/api/proposals", proposalBody({ title: "アンインストール前" }))).status).toBe(201);
    await h.deliver();
    expect(callsWith("chat.postMessage", "xoxb-default-0001")).toBeGreaterThan(0);

    await slackEvent({ type: "app_uninstalled" }, team);
    await eventually(async () => expect((await store().slackInstallations.get("T:-:T0DEFAULT"))?.revokedAt).toBeInstanceOf(Date));
    const rec = (await store().slackInstallations.get("T:-:T0DEFAULT"))!;
    expect(rec).toMatchObject({ botTokenEnc: null, botRefreshTokenEnc: null, tenantId: "default" });
    expect((await audits()).filter((a) => a.action === "slack.uninstalled" && a.subjectId === "T:-:T0DEFAULT")).toHaveLength(1);
    expect(await slackTenantOf(store().slackInstallations, "T0DEFAULT", undefined, false)).toBeNull();

    // an event from that team: refused and audited, not served
    const refused = (await audits()).filter((a) => a.action === "slack.workspace.refused").length;
    const publishes = h.fake.of("views.publish").length;
    await homeOpened(team);
    await eventually(async () => expect((await audits()).filter((a) => a.action === "slack.workspace.refused")).toHaveLength(refused + 1));
    await sleep(200);
    expect(h.fake.of("views.publish")).toHaveLength(publishes);

    // the outbox has no token for the default tenant: nothing is sent, the messages wait, saying why
    const posts = h.fake.of("chat.postMessage").length;
    expect((await h.api("POST", "/api/proposals", proposalBody({ title: "アンインストール後" }))).status).toBe(201);
    await h.deliver();
    expect(h.fake.of("chat.postMessage")).toHaveLength(posts);
    const pending = await store().pending(100);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.some((m) => (m.lastError ?? "").includes("no installation of tenant default"))).toBe(true);
  });

  it("tokens_revoked: user tokens alone change nothing; the bot's revokes the installation, and its requests are refused", async () => {
    expect((await install("tenant-f", workspace("T0REVOKE", "xoxb-revoke-0001"))).status).toBe(200);
    const where = { team: "T0REVOKE", enterprise: "E12345678" };
    await slackEvent({ type: "tokens_revoked", tokens: { oauth: ["U1234"] } }, where);
    await sleep(200);
    expect((await store().slackInstallations.get("T:E12345678:T0REVOKE"))?.revokedAt).toBeNull();
    await slackEvent({ type: "tokens_revoked", tokens: { oauth: [], bot: ["U0KRQLJ9H"] } }, where);
    await eventually(async () => expect((await store().slackInstallations.get("T:E12345678:T0REVOKE"))?.botTokenEnc).toBeNull());
    expect((await audits()).filter((a) => a.action === "slack.tokens_revoked" && a.subjectId === "T:E12345678:T0REVOKE")).toHaveLength(1);
    const before = callsWith("views.publish", "xoxb-revoke-0001");
    await homeOpened(where);
    await sleep(300);
    expect(callsWith("views.publish", "xoxb-revoke-0001")).toBe(before);
  });

  it("the CLI issues a link the running bot accepts (and audits who issued it); the bot does not start with a key that does not open the stored tokens", async () => {
    const env = parseEnv({ DATABASE_URL: h.databaseUrl, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: h.fake.url, LOG_LEVEL: "silent", ...OAUTH_ENV });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["tenant", "slack-install-link", "tenant-g", "--hours", "2"], { out: (s) => out.push(s), err: (s) => err.push(s) }, env, (clock) => buildCore(env, createLogger("silent"), { clock, org, skipMigrations: true }));
    expect(code, err.join("\n")).toBe(0);
    const path = out.find((l) => l.startsWith("/slack/install?link="))!;
    expect(path).toBeTruthy();
    expect(err.join("\n")).toContain("PUBLIC_BASE_URL");
    const res = await fetch(`${h.app.url}${path}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).hostname).toBe("slack.com");
    const issued = (await audits()).filter((a) => a.action === "slack.install_link.issued");
    expect(issued.at(-1)).toMatchObject({ platform: "cli", subjectType: "tenant", subjectId: "tenant-g" });
    expect(JSON.stringify(issued)).not.toContain(path.split("=")[1].slice(0, 20));
    // a wrong command line
    const bad: string[] = [];
    expect(await runCli(["tenant", "slack-install-link", "Not A Slug"], { out: () => undefined, err: (s) => bad.push(s) }, env)).toBe(2);

    // the same database with another SLACK_TOKEN_KEY: the start stops, naming the variable
    const wrong = parseEnv({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: h.databaseUrl, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: h.fake.url, LOG_LEVEL: "silent", INTAKE_API_TOKEN: INTAKE_TOKEN, ...OAUTH_ENV, SLACK_TOKEN_KEY: randomBytes(32).toString("base64") });
    const started = boot(wrong, createLogger("silent"), { org, skipMigrations: true, outboxIntervalMs: null, scheduler: false });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/SLACK_TOKEN_KEY does not open/);
  });

  it("no log line holds a token (the whole run, at debug level)", () => {
    expect(logLines.length).toBeGreaterThan(10);
    const all = logLines.join("");
    for (const secret of [WORKSPACE.access_token, ORG_WIDE.access_token, REFRESH.access_token, REFRESH.refresh_token, "xoxb-grid-workspace-0001", "xoxe-1-bot-valid-initial", OAUTH_ENV.SLACK_CLIENT_SECRET, TOKEN_KEY]) {
      expect(all).not.toContain(secret);
    }
  });
});
