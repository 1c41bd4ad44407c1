/**
 * Issue 8: the holes found by trying the bot as a stranger would, each refused, audited and changing
 * nothing; and the edges that must answer 4xx, never 500.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { executeActions, cardOf } from "../helpers/fake-connector";
import { proposal } from "../helpers/flows";
import { eventually, proposalBody, startHarness, type Harness } from "../helpers/harness";
import { mixedOrg } from "../helpers/org";
import { input, sign, stateFor } from "../helpers/slack-client";
import { TENANT } from "../helpers/teams-client";

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const CHAT = "19:some-chat@thread.tacv2";

async function events(x: Harness, subjectType?: string) {
  return (await x.app.store.read.audit.listBetween(null, null, 0, 10_000)).filter((e) => !subjectType || e.subjectType === subjectType);
}

describe("Teams `bind`", () => {
  it("a Teams user who is not a window member is refused and audited; the chat does not become the window", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    await h.teams.install(CHAT);
    const res = await h.teams.message("aad-stranger", CHAT, "bind window");
    expect(res.status).toBe(200);
    const replies = h.connector.calls.filter((c) => c.conversationId.startsWith(CHAT)).map((c) => JSON.stringify(c.body));
    expect(replies.join()).toContain("権限がありません");
    expect((await h.app.store.conversations.get(CHAT))?.departmentCode).toBeNull();
    expect((await events(h)).map((e) => [e.action, e.actor])).toContainEqual(["command.bind.refused", "teams:aad-stranger"]);
    // the confirmation button, forged with the stranger's id, is refused too
    const forged = await h.teams.invoke("aad-stranger", CHAT, "act-x", "channel.bind", { value: "window" });
    expect(JSON.stringify(forged.body)).toContain("権限がありません");
    expect((await h.app.store.conversations.get(CHAT))?.departmentCode).toBeNull();
    // a new proposal does not reach that chat
    expect((await h.api("POST", "/api/proposals", proposalBody({ fields: [], title: "どこにも当たらない" }))).status).toBe(201);
    await h.deliver();
    expect(JSON.stringify(h.connector.posted(CHAT))).not.toContain("どこにも当たらない");
  });

  it("a window member binds only after confirming, and may unbind; both are audited", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    await h.teams.install(CHAT);
    await h.teams.message("aad-window", CHAT, "bind environment");
    expect((await h.app.store.conversations.get(CHAT))?.departmentCode).toBeNull();
    const ask = h.connector.calls.filter((c) => c.conversationId.startsWith(CHAT)).map((c) => c.body).find((b) => executeActions(cardOf(b)).length > 0);
    const [confirm] = executeActions(cardOf(ask));
    expect(confirm.verb).toBe("channel.bind");
    await h.teams.invoke("aad-window", CHAT, ask.__id, confirm.verb, confirm.data);
    expect((await h.app.store.conversations.get(CHAT))?.departmentCode).toBe("environment");
    await h.teams.message("aad-window", CHAT, "unbind");
    expect((await h.app.store.conversations.get(CHAT))?.departmentCode).toBeNull();
    expect((await events(h, "channel")).map((e) => e.action)).toEqual(["channel.bound", "channel.unbound"]);
  });
});

describe("Teams is off unless configured", () => {
  const activity = (serviceUrl: string) => ({ type: "message", id: "a1", channelId: "msteams", serviceUrl, text: "bind window", from: { id: "29:x", aadObjectId: "x" }, conversation: { id: CHAT, tenantId: TENANT }, recipient: { id: "28:bot" } });

  it("without MICROSOFT_APP_ID (and no TEAMS_EMULATOR) /api/messages answers 404", async () => {
    h = await startHarness({ env: { TEAMS_EMULATOR: "0" } });
    const res = await fetch(`${h.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(h.connector.url)) });
    expect(res.status).toBe(404);
    expect(await h.app.store.conversations.get(CHAT)).toBeNull();
  });

  it("emulator mode refuses requests through a proxy, and a serviceUrl that is not on this machine", async () => {
    h = await startHarness({ env: { TEAMS_EMULATOR: "1" } });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${h!.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    for (const header of ["forwarded", "x-forwarded-for", "x-real-ip"]) {
      const res = await post(activity(h.connector.url), { [header]: header === "forwarded" ? "for=203.0.113.9" : "203.0.113.9" });
      expect(res.status, header).toBe(403);
    }
    expect((await post(activity("https://attacker.example.net/"))).status).toBe(403);
    expect(await h.app.store.conversations.get(CHAT)).toBeNull();
    expect(h.connector.calls).toEqual([]);
    // straight from this machine, to a local serviceUrl, it answers
    expect((await post(activity(h.connector.url))).status).toBe(200);
  });

  it("an empty body or an activity without a type is 400; a lone surrogate in a Teams form is 400; nothing changes", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    const post = (body: string) => fetch(`${h!.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await post("{}")).status).toBe(400);
    expect((await post(JSON.stringify({ id: "x", text: "help" }))).status).toBe(400);
    expect((await post("[]")).status).toBe(400);
    const before = (await events(h)).length;
    const res = await h.teams.invoke("aad-window", CHAT, "act-1", "form.new_proposal", { context: "", companyName: "株式会社\ud83d", title: "x" });
    expect(res.status).toBe(400);
    expect((await events(h)).length).toBe(before);
  });
});

describe("agreements belong to the proposal's owner", () => {
  it("another department cannot register an agreement on a proposal it does not own, whatever department it picks", async () => {
    h = await startHarness();
    const res = await h.api("POST", "/api/proposals", proposalBody());
    const routing = (await h.app.store.read.routings.listByProposal(res.json.id))[0];
    await h.app.workflow.takeUp(routing.id, {}, { platform: "slack", userId: "U0E1", channelId: "C0EDU" });
    const health = { platform: "slack" as const, userId: "U0H1", channelId: "C0HEALTH" };
    const attempt = { proposalId: res.json.id, companyName: "株式会社みなとテック", title: "協定", pattern: "tech_trial", departmentCode: "public-health", startDate: "2027-04-01", endDate: "2028-03-31" };
    await expect(h.app.workflow.registerAgreement(attempt, health)).rejects.toMatchObject({ code: "forbidden" });
    expect(await h.app.store.read.agreements.listByProposal(res.json.id)).toEqual([]);
    expect((await proposal(h, res.json.id)).events.map((e: any) => e.action)).toContain("agreement.register.refused");
    // through the modal as Slack sends it, too
    const view = { callback_id: "form.agreement", private_metadata: `proposal:${res.json.id}|C0HEALTH`, blocks: [] };
    const values = stateFor({ companyName: input.text("株式会社みなとテック"), title: input.text("協定"), pattern: input.select("tech_trial"), departmentCode: input.select("public-health"), startDate: input.date("2027-04-01"), endDate: input.date("2028-03-31") });
    expect((await h.slack.viewSubmission("U0H1", view, values)).status).toBe(200);
    await eventually(() => expect(h!.fake.of("chat.postEphemeral").filter((e) => e.user === "U0H1").map((e) => e.text).join()).toContain("権限がありません"));
    expect(await h.app.store.read.agreements.listByProposal(res.json.id)).toEqual([]);
    // the window may register it, and it is the owner's agreement whatever the form said
    const ok = await h.app.workflow.registerAgreement(attempt, { platform: "slack", userId: "U0WIN" });
    expect((await h.app.store.read.agreements.get(ok.id))!.departmentCode).toBe("school-education");
  });
});

describe("edges answer 4xx, never 500, and change nothing", () => {
  it("the intake API refuses a lone surrogate with 400 and stores nothing", async () => {
    h = await startHarness();
    const res = await h.api("POST", "/api/proposals", JSON.stringify(proposalBody({ title: "絵文字を半分\ud83d" })).replace("\\ud83d", "\\ud83d"));
    expect(res.status).toBe(400);
    const raw = `{"company":{"name":"x\\ud800","contactName":"a","email":"a@example.jp"},"title":"t","summary":"s","fields":[],"pattern":"other","costToCity":false}`;
    expect((await h.api("POST", "/api/proposals", raw)).status).toBe(400);
    expect(await h.app.store.read.proposals.listOpen(10)).toEqual([]);
  });

  it("the intake API accepts only the org config's field codes: anything else is 400 naming the field, and nothing is stored", async () => {
    h = await startHarness();
    for (const fields of [["x".repeat(50)], ["education", "tourism"]]) {
      const res = await h.api("POST", "/api/proposals", proposalBody({ fields }));
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.json.issues).toEqual([{ path: `fields.${fields.length - 1}`, message: `分野「${fields.at(-1)}」は選べません。一覧から選んでください` }]);
    }
    expect(await h.app.store.read.proposals.listOpen(10)).toEqual([]);
    expect((await h.api("POST", "/api/proposals", proposalBody({ fields: ["education", "health"] }))).status).toBe(201);
  });

  it("a control character is refused with 400 naming that cause, not a surrogate, on every edge", async () => {
    h = await startHarness({ org: mixedOrg(), env: { MICROSOFT_APP_TENANT_ID: TENANT } });
    const api = await h.api("POST", "/api/proposals", proposalBody({ title: "件名\u0007ベル" }));
    expect(api.status).toBe(400);
    expect(api.json.issues).toEqual([{ path: "title", message: "a control character (U+0007)" }]);
    const view = { callback_id: "form.new_proposal", private_metadata: "|C0WINDOW", blocks: [] };
    const slack = await h.slack.viewSubmission("U0WIN", view, stateFor({ companyName: input.text("株式会社\u001b"), title: input.text("t") }));
    expect(slack.status).toBe(400);
    const slackText = await slack.text();
    expect(slackText).toContain("a control character (U+001B)");
    expect(slackText).not.toContain("surrogate");
    const click = await h.slack.blockAction("U0WIN", "C0WINDOW", "1700000000.000100", { action_id: "proposal.take", value: "r\u0000" });
    expect(click.status).toBe(400);
    expect(await click.text()).toContain("actions.0.value: a control character (U+0000)");
    const teams = await h.teams.invoke("aad-window", CHAT, "1759944781430", "form.new_proposal", { context: "", companyName: "株式会社", title: "x\u0008" });
    expect(teams.status).toBe(400);
    expect(JSON.stringify(teams.body)).toContain("value.action.data.title: a control character (U+0008)");
    expect(await h.app.store.read.proposals.listOpen(10)).toEqual([]);
  });

  it("a signed Slack modal with a lone surrogate is 400 and changes nothing", async () => {
    h = await startHarness();
    const view = { callback_id: "form.new_proposal", private_metadata: "|C0WINDOW", blocks: [] };
    const res = await h.slack.viewSubmission("U0WIN", view, stateFor({ companyName: input.text("株式会社\ud83d"), title: input.text("t") }));
    expect(res.status).toBe(400);
    expect(await h.app.store.read.proposals.listOpen(10)).toEqual([]);
  });

  it("a signed Slack request stamped more than 5 minutes in the future is 401", async () => {
    h = await startHarness();
    const before = h.fake.calls.length;
    const res = await h.slack.command("U0WIN", "C0WINDOW", "new", { ts: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls.slice(before).map((c) => c.method).filter((m) => m !== "auth.test")).toEqual([]);
    // and the signature check still applies to everything else
    const body = "command=%2Fpartner&text=help";
    const forged = await fetch(`${h.app.url}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...sign(body, undefined, "wrong-secret") }, body });
    expect(forged.status).toBe(401);
  });

  it("delivery keys and finished interactions older than a day are pruned by the sweep; intake idempotency keys stay", async () => {
    h = await startHarness();
    await h.api("POST", "/api/proposals", proposalBody(), { "idempotency-key": "form-42" });
    await h.slack.event({ type: "app_home_opened", user: "U0WIN", channel: "D0HOME", tab: "home", event_ts: "1.1" }, { eventId: "Ev0OLD" });
    await eventually(async () => expect((await h!.app.store.inbox.get("slack:event:Ev0OLD"))?.state).toBe("done"));
    h.clock.advance(25 * 3600_000);
    await h.app.workflow.runSweep(h.clock.now());
    expect(await h.app.store.inbox.get("slack:event:Ev0OLD")).toBeNull();
    expect(await h.app.store.read.keys.get("intake:form-42")).not.toBeNull();
  });
});

describe("the HTTP server's own limits", () => {
  /** a raw connection to the app; resolves with what the server sent and when it closed the connection */
  function rawClient(url: string) {
    const { hostname, port } = new URL(url);
    const socket: Socket = connect(Number(port), hostname);
    let received = "";
    socket.on("data", (d) => (received += String(d)));
    socket.on("error", () => {});
    const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now())));
    return { socket, closed, received: () => received, opened: new Promise<void>((resolve) => socket.once("connect", () => resolve())) };
  }

  it("closes a request whose body trickles in (408) within HTTP_REQUEST_TIMEOUT_MS, long before 150 s; headers that never end too; an idle kept-alive connection is not cut", async () => {
    // the limits are short here so that the test runs in seconds (30 s / 20 s by default)
    h = await startHarness({ env: { HTTP_REQUEST_TIMEOUT_MS: "1500", HTTP_HEADERS_TIMEOUT_MS: "1000" } });
    const c = rawClient(h.app.url);
    await c.opened;
    const start = Date.now();
    c.socket.write(`POST /propose HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n`);
    // one byte every 100 ms: never idle long enough for a socket timeout, never finished
    const drip = setInterval(() => c.socket.writable && c.socket.write("a"), 100);
    const closedAt = await Promise.race([c.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000))]);
    clearInterval(drip);
    c.socket.destroy();
    expect(closedAt, "the server closed the connection").toBeGreaterThan(0);
    expect(closedAt - start).toBeLessThan(5_000);
    expect(closedAt - start).toBeGreaterThanOrEqual(1_400);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    // headers that never end are closed too
    const d = rawClient(h.app.url);
    await d.opened;
    const t0 = Date.now();
    d.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const drip2 = setInterval(() => d.socket.writable && d.socket.write("X-Slow: 1\r\n"), 100);
    const closed2 = await Promise.race([d.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000))]);
    clearInterval(drip2);
    d.socket.destroy();
    expect(closed2).toBeGreaterThan(0);
    expect(closed2 - t0).toBeLessThan(5_000);
    // an ordinary request on a kept-alive connection, idle longer than both limits, still works
    const keep = rawClient(h.app.url);
    await keep.opened;
    keep.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await eventually(() => expect(keep.received()).toContain('"ok":true'));
    await new Promise((r) => setTimeout(r, 2_000));
    keep.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await eventually(() => expect(keep.received().match(/"ok":true/g)).toHaveLength(2));
    keep.socket.destroy();
  }, 30_000);

  it("refuses connections beyond HTTP_MAX_CONNECTIONS at once, and serves again when they close", async () => {
    h = await startHarness({ env: { HTTP_MAX_CONNECTIONS: "2" } });
    const held = [rawClient(h.app.url), rawClient(h.app.url)];
    await Promise.all(held.map((c) => c.opened));
    await new Promise((r) => setTimeout(r, 100));
    const third = rawClient(h.app.url);
    third.socket.on("connect", () => third.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const closed = await Promise.race([third.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5_000))]);
    expect(closed, "the third connection was closed").toBeGreaterThan(0);
    expect(third.received()).toBe("");
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    await eventually(async () => expect((await fetch(`${h!.app.url}/healthz`)).status).toBe(200));
  });

  it("every answer of the app says nosniff (not only the desk's), and /healthz is never cached", async () => {
    h = await startHarness();
    for (const path of ["/healthz", "/privacy", "/terms", "/api/proposals/x", "/nothing-here", "/propose"]) {
      const res = await fetch(`${h.app.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    expect((await fetch(`${h.app.url}/healthz`)).headers.get("cache-control")).toBe("no-store");
  });
});
