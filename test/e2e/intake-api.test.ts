/** The intake API and Slack's request checks: every bad input gets a clear error and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalBody, startHarness, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function proposalCount(): Promise<number> {
  // the counter only moves when a proposal is stored
  const n = await h.app.store.tx(async (r) => {
    const next = await r.proposals.nextNumber();
    throw Object.assign(new Error("rollback"), { next });
  }).catch((e) => e.next as number);
  return n - 1;
}

describe("POST /api/proposals: bad input", () => {
  it("401 without the right token, and nothing stored", async () => {
    const before = await proposalCount();
    const none = await fetch(`${h.app.url}/api/proposals`, { method: "POST", body: JSON.stringify(proposalBody()), headers: { "content-type": "application/json" } });
    expect(none.status).toBe(401);
    const wrong = await h.api("POST", "/api/proposals", proposalBody(), { authorization: "Bearer not-the-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatch(/token/);
    expect(await proposalCount()).toBe(before);
  });

  it("400 on malformed JSON", async () => {
    const before = await proposalCount();
    const res = await h.api("POST", "/api/proposals", '{"company": {"name": ');
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("malformed JSON");
    expect(await proposalCount()).toBe(before);
  });

  it("400 with the path of every missing or wrong field", async () => {
    const before = await proposalCount();
    const res = await h.api("POST", "/api/proposals", { company: { name: "X社", email: "not-an-email", corporateNumber: "1234567890123" }, pattern: "joint", fields: "education" });
    expect(res.status).toBe(400);
    const paths = res.json.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["company.contactName", "company.email", "company.corporateNumber", "title", "summary", "fields", "pattern", "costToCity"]));
    expect(res.json.issues.find((i: any) => i.path === "company.corporateNumber").message).toMatch(/法人番号.*チェックディジットが一致しません/);
    // Japanese first: the field's name and the reason, in the configured language (LOCALE=ja)
    expect(res.json.error).toBe("入力に誤りがあります。");
    expect(res.json.issues.find((i: any) => i.path === "title").message).toMatch(/^件名：.*入力/);
    expect(res.json.issues.find((i: any) => i.path === "company.email").message).toBe("メールアドレス：メールアドレスの形式で入力してください");
    for (const i of res.json.issues) expect(i.message).not.toMatch(/Invalid input|expected string/);
    expect(await proposalCount()).toBe(before);
  });

  it("400 on an impossible desired start date", async () => {
    const res = await h.api("POST", "/api/proposals", proposalBody({ desiredStart: "2027-02-30" }));
    expect(res.status).toBe(400);
    expect(res.json.issues[0].path).toBe("desiredStart");
  });

  it("413 above 256 KB", async () => {
    const before = await proposalCount();
    const res = await h.api("POST", "/api/proposals", proposalBody({ summary: "あ".repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(res.json.error).toMatch(/256kb/);
    expect(await proposalCount()).toBe(before);
  });

  it("an Idempotency-Key makes a retried submission return the first result and store nothing new", async () => {
    const before = await proposalCount();
    const headers = { "idempotency-key": "form-submission-42" };
    const first = await h.api("POST", "/api/proposals", proposalBody(), headers);
    const again = await h.api("POST", "/api/proposals", proposalBody(), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    // the same proposal; its status link is given anew (links are never kept in the clear to be repeated)
    const { statusToken: t1, ...firstRest } = first.json;
    const { statusToken: t2, ...againRest } = again.json;
    expect(againRest).toEqual(firstRest);
    expect(t1).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(t2).not.toBe(t1);
    expect(await proposalCount()).toBe(before + 1);
    const other = await h.api("POST", "/api/proposals", proposalBody({ title: "別の提案" }), headers);
    expect(other.status).toBe(409);
  });

  it("GET /api/proposals/:id: 404 for an unknown id, 401 without token", async () => {
    expect((await h.api("GET", "/api/proposals/nope")).status).toBe(404);
    expect((await fetch(`${h.app.url}/api/proposals/nope`)).status).toBe(401);
  });

  it("GET /healthz answers 200 when the database answers", async () => {
    await h.deliver(); // the proposals of the tests above went out
    const res = await fetch(`${h.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, pendingMessages: 0 });
  });
});

describe("Slack request checks", () => {
  it("a forged signature is refused and changes nothing", async () => {
    const before = h.fake.calls.length;
    const res = await h.slack.command("U0WIN", "C0WINDOW", "new", { secret: "forged-secret" });
    expect(res.status).toBe(401);
    expect(h.fake.calls.length).toBe(before);
  });

  it("a stale timestamp (over 5 minutes) is refused", async () => {
    const before = h.fake.calls.length;
    const res = await h.slack.command("U0WIN", "C0WINDOW", "new", { ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(h.fake.calls.length).toBe(before);
  });

  it("a malformed interactive payload is refused", async () => {
    const res = await h.slack.raw("payload=%7Bnot-json", "application/x-www-form-urlencoded");
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it("an event delivered again with X-Slack-Retry-Num is processed once", async () => {
    const event = { type: "app_home_opened", user: "U0EDU1", channel: "D0HOME", tab: "home", event_ts: "1795000000.000100" };
    await h.slack.event(event, { eventId: "Ev0HOME" });
    await h.slack.event(event, { eventId: "Ev0HOME", retryNum: 1 });
    await h.slack.event(event, { eventId: "Ev0HOME", retryNum: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.of("views.publish")).toHaveLength(1);
    // the home tab is the office's dashboard (this person is not placed in a department by the org config)
    const home = JSON.stringify(h.fake.of("views.publish")[0].view.blocks);
    expect(home).toContain("進行中の連携提案");
    expect(home).toContain("小学校でのプログラミング教育講座");
  });
});


describe("pages the Teams manifest links to", () => {
  it("GET /privacy and /terms answer without a token", async () => {
    const privacy = await fetch(`${h.app.url}/privacy`);
    expect(privacy.status).toBe(200);
    expect(await privacy.text()).toContain("監査記録");
    const terms = await fetch(`${h.app.url}/terms`);
    expect(terms.status).toBe(200);
    // the city of the test org's config, never a city written in code
    expect(await terms.text()).toContain("港区の職員が港区企業連携推進方針に沿って");
  });
});
