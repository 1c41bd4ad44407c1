/**
 * Issue 8: the permission table, walked through the real endpoints. Every row (button, form, command,
 * event) is tried by every role, on Slack (signed requests) and on Teams (activities): what the table
 * allows goes through, everything else is refused with a private message and an audit row. A button,
 * form or command that exists without a row fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, EVENTS, INSTALL_ROUTES, OPEN_DATA_ROUTES, OPERATOR_COMMANDS, PAGES, PERMISSIONS, PUBLIC_PAGES, ROLES, isOperation, type Operation, type Role } from "../../src/app/permissions";
import { COMMANDS as CLI_COMMANDS } from "../../src/cli/table";
import { DeskVisitor, deskFields, hiddenFields } from "../helpers/desk-client";
import { issue } from "../../src/app/reports/links";
import { parseOrg } from "../../src/config/org";
import { ACTION_IDS, FORMS, SYSTEM, VIEW_IDS } from "../../src/ports/chat";
import { eventually, INTAKE_TOKEN, proposalBody, startHarness, type Harness } from "../helpers/harness";
import { stateFor } from "../helpers/slack-client";
import { TENANT } from "../helpers/teams-client";
import { MINATO, WINDOW_NAME } from "../helpers/org";

const CH = {
  window: { slack: "C0WINDOW", teams: "19:window@thread.tacv2" },
  edu: { slack: "C0EDU", teams: "19:edu@thread.tacv2" },
  health: { slack: "C0HEALTH", teams: "19:health@thread.tacv2" },
  board: { slack: "C0BOARD", teams: "19:board@thread.tacv2" },
  random: { slack: "C0RANDOM", teams: "19:random@thread.tacv2" },
  // the window member's own chat: `bind` binds it to a department, which must not lend roles to anyone else
  own: { slack: "C0OWN", teams: "19:own@thread.tacv2" },
  plan: { slack: "C0PLAN", teams: "19:plan@thread.tacv2" },
};

function org() {
  return parseOrg({
    city: MINATO,
    window: { name: WINDOW_NAME, slackChannel: CH.window.slack, teamsChannel: CH.window.teams, members: [{ slack: "U0WIN", teams: "aad-win", name: "窓口" }] },
    planning: { members: [{ slack: "U0PLANM", teams: "aad-planm", name: "企画課" }], slackChannel: CH.plan.slack, teamsChannel: CH.plan.teams },
    departments: [
      { code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: CH.edu.slack, teamsChannel: CH.edu.teams, fields: ["education"] },
      { code: "public-health", name: { ja: "みなと保健所", en: "Public Health" }, slackChannel: CH.health.slack, teamsChannel: CH.health.teams, fields: ["health"] },
      { code: "environment", name: { ja: "環境課", en: "Environment" }, fields: ["environment"] },
    ],
    board: {
      slackChannel: CH.board.slack,
      teamsChannel: CH.board.teams,
      quorum: 3,
      members: [
        { slack: "U0CHAIR", teams: "aad-chair", name: "会長", chair: true },
        { slack: "U0M1", teams: "aad-m1", name: "委員1" },
        { slack: "U0M2", name: "委員2" },
        { slack: "U0M3", name: "委員3" },
        { slack: "U0M4", name: "委員4" },
      ],
    },
    reminders: {},
    // it shares its register, so the roles the table allows get an answer from `shared` (a municipality that
    // does not share is refused by the use case: test/e2e/shared-register.test.ts)
    tenant: { shareRegister: true },
  });
}

/** Who plays each role, and where they act from, on each platform. */
const WHO: Record<Role, { slack: [string, string]; teams: [string, string] }> = {
  windowMember: { slack: ["U0WIN", CH.own.slack], teams: ["aad-win", CH.own.teams] },
  windowChannel: { slack: ["U0WCH", CH.window.slack], teams: ["aad-wch", CH.window.teams] },
  owner: { slack: ["U0EDU", CH.edu.slack], teams: ["aad-edu", CH.edu.teams] },
  otherDepartment: { slack: ["U0HEA", CH.health.slack], teams: ["aad-hea", CH.health.teams] },
  boardMember: { slack: ["U0M1", CH.board.slack], teams: ["aad-m1", CH.board.teams] },
  boardChair: { slack: ["U0CHAIR", CH.board.slack], teams: ["aad-chair", CH.board.teams] },
  planning: { slack: ["U0PLANM", CH.random.slack], teams: ["aad-planm", CH.random.teams] },
  anyone: { slack: ["U0ANY", CH.random.slack], teams: ["aad-any", CH.random.teams] },
};

const COMMAND_TEXT: Record<string, string> = {
  [COMMANDS.new]: "new",
  [COMMANDS.company]: "company みなと",
  [COMMANDS.shared]: "shared みなと",
  [COMMANDS.agreements]: "agreements",
  [COMMANDS.template]: "template other",
  [COMMANDS.help]: "help",
  [COMMANDS.bind]: "bind environment",
  [COMMANDS.unbind]: "unbind",
  [COMMANDS.challenge]: "challenge",
  [COMMANDS.report]: "report",
  [COMMANDS.home]: "home",
  [COMMANDS.own]: "own",
  [COMMANDS.survey]: "survey",
};
const PAGE_PATH: Record<string, string> = {
  [PAGES.reports]: "/reports",
  [PAGES.reportFile]: "/reports/file?format=csv",
  [PAGES.reportChart]: "/reports/charts/byChannel.svg",
};

/** A staff page opened with a personal link for (platform, user, channel): the page's answer status. */
async function openPage(op: string, platform: "slack" | "teams", user: string, channel: string): Promise<number> {
  const link = issue(h.app.workflow.reports.settings.keys, "link", { platform, userId: user, channelId: channel }, h.clock.now());
  const opened = await fetch(`${h.app.url}/reports/open?token=${link}`, { redirect: "manual" });
  expect(opened.status).toBe(303);
  const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0];
  const res = await fetch(`${h.app.url}${PAGE_PATH[op]}`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status;
}

let h: Harness;
/** the value a button carries / the context a form carries, by the subject kind of the row */
let subjects: Record<string, string>;
/** a proposal's private status link token (the public desk's one parameter) */
let statusToken: string;

async function audits() {
  return h.app.store.read.audit.listBetween(null, null, 0, 100_000);
}

async function refusedRows(op: string, actor: string) {
  return (await audits()).filter((e) => e.action === `${op}.refused` && e.actor === actor);
}

beforeAll(async () => {
  // mail on (queued only: these tests send none), so every desk page offers what it can (the lost-link form)
  h = await startHarness({ org: org(), env: { MICROSOFT_APP_TENANT_ID: TENANT, SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "partners@city.example.jp" } });
  for (const c of Object.values(CH)) expect((await h.teams.install(c.teams)).status).toBe(200);
  const wf = h.app.workflow;
  const submit = async (extra: Record<string, unknown> = {}) => (await wf.submitProposal(proposalBody({ fields: ["education"], ...extra }), { platform: "api", userId: "intake" })).id as string;
  const routingOf = async (id: string) => (await h.app.store.read.routings.listByProposal(id))[0].id;
  statusToken = (await wf.submitProposal(proposalBody({ title: "状況確認" }), { platform: "api", userId: "intake" })).statusToken!;
  const pending = await submit({ title: "振り分け待ち" });
  const owned = await submit({ title: "担当決定" });
  await wf.takeUp(await routingOf(owned), {}, SYSTEM);
  const costly = await submit({ title: "費用負担あり", costToCity: true });
  await wf.takeUp(await routingOf(costly), { opinion: "有効" }, SYSTEM);
  const round = (await h.app.store.read.rounds.listByProposal(costly))[0].id;
  const concluded = await submit({ title: "協定あり" });
  await wf.takeUp(await routingOf(concluded), {}, SYSTEM);
  const agreement = await wf.registerAgreement(
    { proposalId: concluded, companyName: "株式会社みなとテック", title: "協定あり", pattern: "tech_trial", departmentCode: "school-education", startDate: "2026-04-01", endDate: "2027-03-31" },
    SYSTEM,
  );
  // a survey round: the owner persona's department (school education) has a request to answer
  const survey = await wf.startSurvey({}, SYSTEM);
  const surveyRequest = (await h.app.store.read.surveys.listRequests(survey.id)).find((q) => q.departmentCode === "school-education")!.id;
  // a call for proposals the owner persona's department published: its buttons and forms (edit, extend, withdraw)
  const call = await wf.publishChallenge({ kind: "theme_call", title: "通学路の安全", description: "見守りの提案を募集します。", departmentCode: "school-education", deadline: "2099-03-31" }, SYSTEM);
  subjects = {
    challenge: call.id,
    surveyRequest,
    routing: await routingOf(pending),
    proposal: owned,
    round,
    agreement: agreement.id,
    agreementContext: `proposal:${owned}`,
    none: "",
  };
  await h.deliver();
}, 60_000);

afterAll(async () => {
  await h?.cleanup();
});

/** What the table says; without a subject nobody owns anything, so the owner persona is just a department member. */
function allows(op: Operation, role: Role): boolean {
  const effective = role === "owner" && PERMISSIONS[op].subject === "none" ? "otherDepartment" : role;
  return (PERMISSIONS[op].allow as readonly Role[]).includes(effective);
}

function valueFor(op: Operation): string {
  if (op === "channel.bind") return "environment";
  return subjects[PERMISSIONS[op].subject];
}

type Kind = "action" | "form" | "command" | "event" | "page" | "view";
function kindOf(op: string): Kind {
  if ((Object.values(PAGES) as string[]).includes(op)) return "page";
  if (VIEW_IDS.includes(op)) return "view";
  if (ACTION_IDS.includes(op)) return "action";
  if ((Object.values(FORMS) as string[]).includes(op)) return "form";
  if ((Object.values(COMMANDS) as string[]).includes(op)) return "command";
  return "event";
}

describe("the permission table", () => {
  it("has a row for every button, form, command and event, and each row names known roles", () => {
    const ops = [...ACTION_IDS, ...Object.values(FORMS), ...Object.values(COMMANDS), ...Object.values(EVENTS), ...Object.values(PAGES), ...VIEW_IDS];
    for (const op of ops) expect(isOperation(op), `no row for ${op}`).toBe(true);
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ops].sort());
    for (const [op, rule] of Object.entries(PERMISSIONS)) {
      for (const role of rule.allow) expect(ROLES, `${op}: unknown role ${role}`).toContain(role);
    }
    for (const op of Object.values(COMMANDS)) expect(COMMAND_TEXT[op], `no way to type ${op}`).toBeDefined();
    // every row's subject has a real one to act on (a new kind of subject without one would walk nothing)
    for (const [op, rule] of Object.entries(PERMISSIONS)) if (op !== "channel.bind") expect(subjects[rule.subject], `no ${rule.subject} to try ${op} on`).toBeDefined();
    for (const op of Object.values(PAGES)) expect(PAGE_PATH[op], `no way to open ${op}`).toBeDefined();
  });

  it("on Slack: every row × every role, through signed requests (per-viewer views are Teams' refresh)", async () => {
    let seq = 0;
    for (const op of Object.keys(PERMISSIONS) as Operation[]) {
      if (kindOf(op) === "view") continue;
      for (const role of ROLES) {
        const [user, channel] = WHO[role].slack;
        const allowed = allows(op, role);
        const label = `${op} by ${role} on Slack`;
        const kind = kindOf(op);
        const before = (await refusedRows(op, `slack:${user}`)).length;
        const ephemerals = () => h.fake.of("chat.postEphemeral").filter((e) => e.user === user).length;
        const ephBefore = ephemerals();
        if (kind === "action") {
          const actionTs = `1800000000.${String(++seq).padStart(6, "0")}`;
          const res = await h.slack.blockAction(user, channel, "1700000000.000100", { action_id: op, value: valueFor(op) }, { actionTs });
          expect(res.status, label).toBe(200);
          // the click is in the inbox before Slack got its answer, and is done once the work is
          const key = `slack:action:${user}:${actionTs}`;
          await eventually(async () => {
            const row = await h.app.store.inbox.get(key);
            expect(row?.state, label).toBe("done");
          });
          if (!allowed) await eventually(() => expect(ephemerals(), `${label}: private refusal`).toBe(ephBefore + 1));
        } else if (kind === "form") {
          const view = { callback_id: op, private_metadata: `${valueFor(op)}|${channel}`, blocks: [] };
          const res = await h.slack.viewSubmission(user, view, stateFor({}));
          expect(res.status, label).toBe(200);
          if (!allowed) await eventually(() => expect(ephemerals(), `${label}: private refusal`).toBe(ephBefore + 1));
        } else if (kind === "command") {
          const responses = () => h.fake.calls.filter((c) => c.method.includes("response/")).length;
          const n = responses();
          const opened = h.fake.of("views.open").length;
          const res = await h.slack.command(user, channel, COMMAND_TEXT[op]);
          expect(res.status, label).toBe(200);
          await eventually(() => expect(responses() + h.fake.of("views.open").length, label).toBeGreaterThan(n + opened));
          if (!allowed) expect(JSON.stringify(h.fake.calls.filter((c) => c.method.includes("response/")).at(-1)?.args), label).toContain("権限がありません");
        } else if (kind === "page") {
          expect(await openPage(op, "slack", user, channel), label).toBe(allowed ? 200 : 403);
        } else {
          const published = h.fake.of("views.publish").length;
          await h.slack.event({ type: "app_home_opened", user, channel: "D0HOME", tab: "home", event_ts: `1800000000.${++seq}` });
          if (allowed) await eventually(() => expect(h.fake.of("views.publish").length, label).toBe(published + 1));
        }
        if (allowed) {
          expect(await refusedRows(op, `slack:${user}`), `${label}: allowed`).toHaveLength(before);
        } else {
          await eventually(async () => expect(await refusedRows(op, `slack:${user}`), `${label}: refused and audited`).toHaveLength(before + 1));
        }
      }
    }
  }, 180_000);

  it("on Teams: every row × every role, through activities (events have no Teams form)", async () => {
    for (const op of Object.keys(PERMISSIONS) as Operation[]) {
      const kind = kindOf(op);
      if (kind === "event") continue;
      for (const role of ROLES) {
        const [user, channel] = WHO[role].teams;
        const allowed = allows(op, role);
        const label = `${op} by ${role} on Teams`;
        const before = (await refusedRows(op, `teams:${user}`)).length;
        let reply: string;
        if (kind === "page") {
          expect(await openPage(op, "teams", user, channel), label).toBe(allowed ? 200 : 403);
          reply = allowed ? "" : "権限がありません";
        } else if (kind === "command") {
          const calls = h.connector.calls.length;
          const res = await h.teams.message(user, channel, COMMAND_TEXT[op]);
          expect(res.status, label).toBe(200);
          reply = JSON.stringify(h.connector.calls.slice(calls).map((c) => c.body));
        } else {
          const data = kind === "action" || kind === "view" ? { value: valueFor(op) } : { context: valueFor(op) };
          const res = await h.teams.invoke(user, channel, "act-unknown", op, data);
          expect(res.status, label).toBe(200);
          reply = JSON.stringify(res.body);
        }
        if (allowed) {
          expect(await refusedRows(op, `teams:${user}`), `${label}: allowed`).toHaveLength(before);
          expect(reply, label).not.toContain("権限がありません");
        } else {
          expect(await refusedRows(op, `teams:${user}`), `${label}: refused and audited`).toHaveLength(before + 1);
          expect(reply, `${label}: private refusal`).toContain("権限がありません");
        }
      }
    }
  }, 180_000);

  it("on Slack: a Slack Connect user of another organisation in a department's, the window's or the board's channel is refused every button and form, and audited", async () => {
    let seq = 0;
    const cases: Array<[Role, string]> = [["owner", CH.edu.slack], ["windowChannel", CH.window.slack], ["boardMember", CH.board.slack]];
    let refusedSomething = 0;
    for (const [role, channel] of cases) {
      for (const op of Object.keys(PERMISSIONS) as Operation[]) {
        const kind = kindOf(op);
        if ((kind !== "action" && kind !== "form") || !allows(op, role) || allows(op, "anyone")) continue;
        // the same user id as the staff member (ids are per workspace), from a partner company's workspace
        const user = WHO[role].slack[0];
        const label = `${op} by an outsider in the ${role} channel`;
        const before = (await refusedRows(op, `slack:${user}`)).length;
        if (kind === "action") {
          const actionTs = `1850000000.${String(++seq).padStart(6, "0")}`;
          const res = await h.slack.blockAction(user, channel, "1700000000.000100", { action_id: op, value: valueFor(op) }, { actionTs, userTeam: "T0PARTNER" });
          expect(res.status, label).toBe(200);
        } else {
          const view = { callback_id: op, private_metadata: `${valueFor(op)}|${channel}`, blocks: [] };
          expect((await h.slack.viewSubmission(user, view, stateFor({}), { userTeam: "T0PARTNER" })).status, label).toBe(200);
        }
        await eventually(async () => {
          const rows = await refusedRows(op, `slack:${user}`);
          expect(rows, `${label}: refused and audited`).toHaveLength(before + 1);
          expect(JSON.stringify(rows.at(-1)), label).toContain("outside the organisation");
        });
        refusedSomething++;
      }
    }
    expect(refusedSomething).toBeGreaterThan(5);
  }, 120_000);

  it("on Teams: a user of a tenant outside the allow-list is refused for every row, and audited", async () => {
    for (const op of Object.keys(PERMISSIONS) as Operation[]) {
      const kind = kindOf(op);
      if (kind === "event" || kind === "page") continue;
      const before = (await audits()).filter((e) => e.action === "teams.tenant.refused" && e.actor === "teams:aad-foreign").length;
      const calls = h.connector.calls.length;
      if (kind === "command") {
        const res = await h.teams.message("aad-foreign", CH.random.teams, COMMAND_TEXT[op], "other-tenant");
        expect(res.status).toBe(200);
        expect(h.connector.calls.length, `${op}: no reply to a foreign tenant`).toBe(calls);
      } else {
        const data = kind === "action" ? { value: valueFor(op) } : { context: valueFor(op) };
        const res = await h.teams.invoke("aad-foreign", CH.random.teams, "act-unknown", op, data, { tenant: "other-tenant" });
        expect(res.status, op).toBe(403);
      }
      const after = (await audits()).filter((e) => e.action === "teams.tenant.refused" && e.actor === "teams:aad-foreign").length;
      expect(after, op).toBe(before + 1);
    }
  });

  it("the public desk: every row of PUBLIC_PAGES answers anyone, with no role; a post only with the visitor's form token; any other method 405", async () => {
    /** how a stranger uses each row, and what it must answer (a post: with the form's token, from the page that carries it) */
    const WALK: Record<(typeof PUBLIC_PAGES)[number], (v: DeskVisitor) => Promise<number>> = {
      "GET /": async (v) => (await v.get("/")).status,
      "GET /propose": async (v) => (await v.get("/propose")).status,
      "POST /propose": async (v) => (await v.submit("/propose", deskFields())).status,
      "POST /propose/send": async (v) => {
        const confirm = await v.submit("/propose", deskFields({ title: "公開窓口から" }));
        return (await v.post("/propose/send", hiddenFields(confirm.html))).status;
      },
      "GET /propose/received": async (v) => (await v.get("/propose/received")).status,
      "GET /propose/status/:token": async (v) => (await v.get(`/propose/status/${statusToken}`)).status,
      "GET /propose/link": async (v) => (await v.get("/propose/link")).status,
      "POST /propose/link": async (v) => (await v.submit("/propose/link", { number: "P-0001", email: "hanako@example.co.jp" })).status,
      "GET /propose/privacy": async (v) => (await v.get("/propose/privacy")).status,
      "GET /challenges": async (v) => (await v.get("/challenges")).status,
      "GET /partnerships": async (v) => (await v.get("/partnerships")).status,
      "GET /partnerships.csv": async (v) => (await v.get("/partnerships.csv")).status,
      "GET /partnerships.json": async (v) => (await v.get("/partnerships.json")).status,
      "GET /assets/style.css": async (v) => (await v.get("/assets/style.css")).status,
      "GET /assets/propose.js": async (v) => (await v.get("/assets/propose.js")).status,
    };
    const EXPECTED: Record<string, number> = { "GET /": 303, "POST /propose/send": 303, "POST /propose/link": 303 };
    expect(Object.keys(WALK).sort(), "a walk for every row, and a row for every walk").toEqual([...PUBLIC_PAGES].sort());
    const methods = new Map<string, string[]>();
    for (const route of PUBLIC_PAGES) {
      const [method, path] = route.split(" ");
      methods.set(path, [...(methods.get(path) ?? []), method]);
      // anyone: a new visitor, no cookie, no role
      expect(await WALK[route](new DeskVisitor(h.app.url)), route).toBe(EXPECTED[route] ?? 200);
      if (method === "POST") {
        // without the form's token (or its visitor cookie) a post is refused and changes nothing
        const before = (await h.app.store.read.proposals.listOpen(1000)).length;
        const res = await fetch(`${h.app.url}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(deskFields() as Record<string, string>) });
        expect(res.status, `${route} without a token`).toBe(403);
        expect((await h.app.store.read.proposals.listOpen(1000)).length, route).toBe(before);
      }
    }
    // any other method on a row's path: 405, naming the ones it takes
    for (const [path, allowed] of methods) {
      const concrete = path.replace(":token", statusToken);
      for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"].filter((m) => !allowed.includes(m))) {
        const res = await fetch(`${h.app.url}${concrete}`, { method });
        await res.arrayBuffer();
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get("allow"), `${method} ${path}`).toContain(allowed[0]);
      }
    }
    // and nothing else under the desk's prefixes
    for (const path of ["/propose/admin", "/propose/status", "/challenges/x", "/partnerships/x", "/assets/x.js"]) expect((await fetch(`${h.app.url}${path}`)).status, path).toBe(404);
  });

  it("the shared register's open data: every row of OPEN_DATA_ROUTES answers anyone, with no role; any other method 405", async () => {
    for (const route of Object.keys(OPEN_DATA_ROUTES)) {
      const [method, path] = route.split(" ");
      const res = await fetch(`${h.app.url}${path}`, { method });
      await res.arrayBuffer();
      expect(res.status, route).toBe(200);
      for (const other of ["POST", "PUT", "DELETE", "PATCH"]) {
        const refused = await fetch(`${h.app.url}${path}`, { method: other });
        await refused.arrayBuffer();
        expect(refused.status, `${other} ${path}`).toBe(405);
        expect(refused.headers.get("allow"), `${other} ${path}`).toContain("GET");
      }
    }
  });

  it("Slack's install routes: shut (404) with one bot token; each row says what it takes when OAuth opens them (walked in test/e2e/slack/oauth.test.ts)", async () => {
    for (const [route, takes] of Object.entries(INSTALL_ROUTES)) {
      const [method, path] = route.split(" ");
      expect(takes, route).toBeTruthy();
      const res = await fetch(`${h.app.url}${path}?link=x&code=x&state=x`, { method, redirect: "manual" });
      await res.arrayBuffer();
      expect(res.status, route).toBe(404);
    }
    // the CLI commands that hand out a door are real commands, each naming the door
    for (const [name, door] of Object.entries(OPERATOR_COMMANDS)) {
      expect(CLI_COMMANDS.map((c) => c.name), name).toContain(name);
      expect(Object.keys(INSTALL_ROUTES).some((r) => door.includes(r)), name).toBe(true);
    }
  });

  it("API routes: only a caller with the intake token", async () => {
    const routes: Array<[string, string]> = [
      ["POST", "/api/proposals"],
      ["GET", `/api/proposals/${subjects.proposal}`],
      ["GET", "/api/agreements"],
      ["GET", `/api/agreements/${subjects.agreement}`],
    ];
    for (const [method, path] of routes) {
      for (const auth of [undefined, "Bearer wrong-token-0123456789", `Basic ${INTAKE_TOKEN}`]) {
        const res = await fetch(`${h.app.url}${path}`, { method, headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: method === "POST" ? "{}" : undefined });
        expect(res.status, `${method} ${path} with ${auth}`).toBe(401);
      }
      const ok = await h.api(method, path, method === "POST" ? {} : undefined);
      expect(ok.status, `${method} ${path} with the token`).not.toBe(401);
    }
  });
});
