/**
 * Who may do what: one table, as data (deny by default). Every button, form, text/slash command, event
 * and API route of the product has a row; a row names the roles that may use it. Anything without a row
 * is refused. The use cases consult `authorize`, and test/e2e/permissions.test.ts walks the whole table
 * through the real Slack and Teams endpoints.
 *
 * A Teams user of a tenant outside the allow-list never reaches this table: the Teams edge refuses the
 * activity (and audits it) before any use case runs. API routes are for holders of INTAKE_API_TOKEN.
 */
import { forbidden, notFound } from "../domain/errors";
import { ACTIONS, FORMS, VIEWS, type Actor } from "../ports/chat";
import { actorId, audit, commit } from "./kernel/commit";
import { type AppContext } from "./kernel/context";
import { decodeAgreementContext } from "./agreements/form-context";

export const ROLES = [
  "windowMember", // listed in window.members (by Slack/Teams id)
  "windowChannel", // anyone acting from the window's own channel
  "owner", // member of the department that owns the subject (listed, or in its channel)
  "otherDepartment", // member of another department (of any department, for operations without a subject)
  "boardMember", // configured board member (not the chair)
  "boardChair",
  // the planning division (企画課): listed in planning.members, or acting from its channel
  "planning",
  "anyone", // anyone else in the workspace
] as const;
export type Role = (typeof ROLES)[number];

/** What the subject of an operation is (how its owning department is found). */
export type SubjectKind = "routing" | "proposal" | "round" | "agreement" | "agreementContext" | "surveyRequest" | "challenge" | "none";

/** Commands, events and API routes, beside ACTIONS and FORMS. */
export const COMMANDS = {
  new: "command.new",
  company: "command.company",
  shared: "command.shared",
  agreements: "command.agreements",
  template: "command.template",
  help: "command.help",
  bind: "command.bind",
  unbind: "command.unbind",
  challenge: "command.challenge",
  report: "command.report",
  home: "command.home",
  own: "command.own",
  survey: "command.survey",
} as const;
export const EVENTS = { appHome: "event.app_home" } as const;
/** The staff pages (src/platforms/web/reports.ts): opened with a signed personal link, then a session. */
export const PAGES = {
  reports: "GET /reports",
  reportFile: "GET /reports/file",
  reportChart: "GET /reports/charts/:figure.svg",
} as const;
export const ROUTES = {
  submitProposal: "POST /api/proposals",
  getProposal: "GET /api/proposals/:id",
  listAgreements: "GET /api/agreements",
  getAgreement: "GET /api/agreements/:id",
} as const;

const WINDOW: Role[] = ["windowMember", "windowChannel"];
const WINDOW_OR_OWNER: Role[] = [...WINDOW, "owner"];
const BOARD: Role[] = ["boardMember", "boardChair"];
/** who sees the whole program's figures (§6(4)②): the window and the planning division */
const OVERSIGHT: Role[] = [...WINDOW, "planning"];
const EVERYONE: Role[] = [...ROLES];

export interface Rule {
  subject: SubjectKind;
  allow: readonly Role[];
}

export const PERMISSIONS = {
  // buttons
  [ACTIONS.take]: { subject: "routing", allow: WINDOW_OR_OWNER },
  [ACTIONS.sendBack]: { subject: "routing", allow: WINDOW_OR_OWNER },
  [ACTIONS.reroute]: { subject: "proposal", allow: WINDOW },
  [ACTIONS.withdraw]: { subject: "proposal", allow: WINDOW },
  [ACTIONS.toBoard]: { subject: "proposal", allow: WINDOW_OR_OWNER },
  [ACTIONS.voteApprove]: { subject: "round", allow: BOARD },
  [ACTIONS.voteReject]: { subject: "round", allow: BOARD },
  [ACTIONS.voteChanges]: { subject: "round", allow: BOARD },
  [ACTIONS.voteRecuse]: { subject: "round", allow: BOARD },
  [ACTIONS.closeRound]: { subject: "round", allow: ["boardChair"] },
  [ACTIONS.registerAgreement]: { subject: "agreementContext", allow: WINDOW_OR_OWNER },
  [ACTIONS.recordNoAgreement]: { subject: "proposal", allow: WINDOW_OR_OWNER },
  [ACTIONS.approveException]: { subject: "agreement", allow: WINDOW },
  [ACTIONS.support]: { subject: "agreement", allow: WINDOW },
  [ACTIONS.renew]: { subject: "agreement", allow: WINDOW_OR_OWNER },
  [ACTIONS.letEnd]: { subject: "agreement", allow: WINDOW_OR_OWNER },
  [ACTIONS.report]: { subject: "agreement", allow: WINDOW_OR_OWNER },
  // binding a Teams chat to a department changes who counts as that department: listed window members only
  [ACTIONS.bindChannel]: { subject: "none", allow: ["windowMember"] },
  // forms
  [FORMS.newProposal]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  [FORMS.takeUp]: { subject: "routing", allow: WINDOW_OR_OWNER },
  [FORMS.toBoard]: { subject: "proposal", allow: WINDOW_OR_OWNER },
  [FORMS.sendBack]: { subject: "routing", allow: WINDOW_OR_OWNER },
  [FORMS.reroute]: { subject: "proposal", allow: WINDOW },
  [FORMS.withdraw]: { subject: "proposal", allow: WINDOW },
  [FORMS.vote]: { subject: "round", allow: BOARD },
  [FORMS.agreement]: { subject: "agreementContext", allow: WINDOW_OR_OWNER },
  [FORMS.noAgreement]: { subject: "proposal", allow: WINDOW_OR_OWNER },
  [FORMS.report]: { subject: "agreement", allow: WINDOW_OR_OWNER },
  // a call for proposals, published in a department's name: its staff (the use case checks which department) or the window
  [FORMS.challenge]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  // a published call: changed by the department that published it, or the window
  [ACTIONS.challengeEdit]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  [ACTIONS.challengeExtend]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  [ACTIONS.challengeWithdraw]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  [FORMS.challengeEdit]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  [FORMS.challengeExtend]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  [FORMS.challengeWithdraw]: { subject: "challenge", allow: WINDOW_OR_OWNER },
  // a department's own partnership (§6(1) ただし書): its staff, for their own department (checked in the use case), or the window
  [FORMS.own]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  // text and slash commands
  [COMMANDS.new]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  [COMMANDS.company]: { subject: "none", allow: EVERYONE },
  // 共有台帳 (§4(3)): other municipalities' partnerships, for this municipality's staff only (never a
  // stranger in the workspace, nor the board, which may seat people from outside); consent is checked in the use case
  [COMMANDS.shared]: { subject: "none", allow: [...WINDOW, "otherDepartment", "planning"] },
  [COMMANDS.agreements]: { subject: "none", allow: EVERYONE },
  [COMMANDS.template]: { subject: "none", allow: EVERYONE },
  [COMMANDS.help]: { subject: "none", allow: EVERYONE },
  [COMMANDS.bind]: { subject: "none", allow: ["windowMember"] },
  [COMMANDS.unbind]: { subject: "none", allow: ["windowMember"] },
  [COMMANDS.challenge]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  [COMMANDS.report]: { subject: "none", allow: OVERSIGHT },
  [COMMANDS.home]: { subject: "none", allow: EVERYONE },
  [COMMANDS.own]: { subject: "none", allow: [...WINDOW, "otherDepartment"] },
  // 調査: the window starts a round; each department answers its own card
  [COMMANDS.survey]: { subject: "none", allow: WINDOW },
  [ACTIONS.surveyAnswer]: { subject: "surveyRequest", allow: WINDOW_OR_OWNER },
  [FORMS.survey]: { subject: "surveyRequest", allow: WINDOW_OR_OWNER },
  // per-viewer views (Teams refreshes a card for the person who opens it); the review card is the board's and the window's
  [VIEWS.home]: { subject: "none", allow: EVERYONE },
  [VIEWS.review]: { subject: "round", allow: [...WINDOW, ...BOARD] },
  // staff pages
  [PAGES.reports]: { subject: "none", allow: OVERSIGHT },
  [PAGES.reportFile]: { subject: "none", allow: OVERSIGHT },
  [PAGES.reportChart]: { subject: "none", allow: OVERSIGHT },
  // events
  [EVENTS.appHome]: { subject: "none", allow: EVERYONE },
} as const satisfies Record<string, Rule>;

export type Operation = keyof typeof PERMISSIONS;

/**
 * The public desk's pages (src/platforms/web): the only routes open to anyone on the internet, with no
 * role at all. Exactly these are mounted; anything else under their prefixes is 404, another method on
 * one of these paths 405 (with Allow). What a stranger can do there is bounded by the use cases (a
 * proposal, as through the API, after a confirmation page; a request for a new status link, answered the
 * same whether or not it matches; read-only public views). Each municipality other than the default one
 * has the same rows under /m/<slug>/ (its own workflow behind them: test/e2e/tenants.test.ts walks them).
 */
export const PUBLIC_PAGES = [
  "GET /",
  "GET /propose",
  "POST /propose",
  "POST /propose/send",
  "GET /propose/received",
  "GET /propose/status/:token",
  "GET /propose/link",
  "POST /propose/link",
  "GET /propose/privacy",
  "GET /challenges",
  "GET /partnerships",
  "GET /partnerships.csv",
  "GET /partnerships.json",
  "GET /assets/style.css",
  "GET /assets/propose.js",
] as const;

/**
 * The shared register's open data (src/platforms/web/shared-register.ts): the deployment's root only,
 * open to anyone while the public desk is (PUBLIC_DESK=1), read-only, with no role. What it lists is bounded
 * by the use case: the consenting municipalities' concluded partnerships as their own public registers
 * publish them, with the municipality's name; nothing of a municipality that did not consent.
 */
export const OPEN_DATA_ROUTES = {
  "GET /register.csv": "the shared register (§4(3)) as CSV: consenting municipalities' public partnerships only",
  "GET /register.json": "the same as JSON",
} as const;

/**
 * Mail the bot sends to companies (src/app/notices), each kind with whom it may go to: only ever the
 * address a proposal was sent with (never one typed later, never a staff member's), about that proposal
 * alone. test/e2e/mail.test.ts walks every kind and checks each mail's recipient and content against it.
 */
export const MAILS: Record<import("../ports/mail").MailKind, string> = {
  receipt: "the proposal's own address, when it is received",
  statusLink: "the proposal's own address, when someone gives its number and that same address",
  stage: "the proposal's own address, when it moves to a stage its status page shows",
  call: "the address of each proposal that answered the call, naming that company's own proposals",
};

/**
 * Routes open to anyone holding a signed URL (Slack fetches posted images without a session): the URL's
 * HMAC is the permission. Chart images carry counts and unit names only, never personal data.
 */
export const SIGNED_ROUTES = ["GET /reports/images/:id.png", "GET /reports/assets/reports.css", "GET /reports/open"] as const;

/**
 * Slack's install flow (OAuth mode only; 404 otherwise, src/platforms/slack/install.ts): open to anyone on
 * the internet, so each route says what it takes. No role: what an installer can do is bounded by the
 * link, which names the one municipality the workspace will belong to.
 */
export const INSTALL_ROUTES = {
  "GET /slack/install": "an install link from the CLI (tenant slack-install-link): signed, not expired; anything else 403",
  "GET /slack/oauth_redirect":
    "the OAuth state /slack/install gave this browser (signed, 10 minutes, matching its cookie) and Slack's code; the link it carries is checked again and used up; anything else refused (403), a workspace already another municipality's refused (403)",
} as const;

/**
 * CLI commands that hand a door to someone else (the CLI itself is the operator's, on the server: see
 * src/cli/table.ts), each with the door it opens. Issuing is audited.
 */
export const OPERATOR_COMMANDS = {
  "tenant slack-install-link": "GET /slack/install for whoever holds the link, for one municipality, until it expires or is used",
} as const;

/** API routes are not for chat users: only a caller with the intake token (checked at the HTTP edge). */
export const API_ROUTES: readonly string[] = Object.values(ROUTES);

export function isOperation(op: string): op is Operation {
  return Object.hasOwn(PERMISSIONS, op);
}

export interface Subject {
  type: string;
  id: string;
  proposalId: string | null;
  /** the department that owns it (null when none does yet) */
  department: string | null;
}

/** Loads what an operation acts on, to find its owning department. */
export async function loadSubject(ctx: AppContext, kind: SubjectKind, value: string): Promise<Subject> {
  const r = ctx.store.read;
  switch (kind) {
    case "none":
      return { type: "none", id: value || "-", proposalId: null, department: null };
    case "routing": {
      const x = await r.routings.get(value);
      if (!x) throw notFound();
      return { type: "routing", id: x.id, proposalId: x.proposalId, department: x.departmentCode };
    }
    case "proposal": {
      const p = await r.proposals.get(value);
      if (!p) throw notFound();
      return { type: "proposal", id: p.id, proposalId: p.id, department: p.ownerDepartment };
    }
    case "round": {
      const x = await r.rounds.get(value);
      if (!x) throw notFound();
      return { type: "round", id: x.id, proposalId: x.proposalId, department: null };
    }
    case "agreement": {
      const a = await r.agreements.get(value);
      if (!a) throw notFound();
      return { type: "agreement", id: a.id, proposalId: a.proposalId, department: a.departmentCode };
    }
    case "surveyRequest": {
      const q = await r.surveys.getRequest(value);
      if (!q) throw notFound();
      return { type: "survey", id: q.id, proposalId: null, department: q.departmentCode };
    }
    case "challenge": {
      const c = await r.challenges.get(value);
      if (!c) throw notFound();
      return { type: "challenge", id: c.id, proposalId: null, department: c.departmentCode };
    }
    case "agreementContext": {
      // "proposal:<id>" (a new agreement for that proposal) or "draft:<id>" (a renewal draft)
      const c = decodeAgreementContext(value);
      if (c?.kind === "proposal") return loadSubject(ctx, "proposal", c.proposalId);
      if (c?.kind === "draft") return loadSubject(ctx, "agreement", c.draftId);
      throw notFound();
    }
  }
}

/** The roles an actor holds toward a subject owned by `department` (null: nobody owns it yet). */
export function rolesOf(ctx: AppContext, actor: Actor, department: string | null): Set<Role> {
  const dir = ctx.dir;
  const roles = new Set<Role>(["anyone"]);
  if (actor.platform !== "slack" && actor.platform !== "teams") return roles;
  if (actor.external) return roles;
  if (dir.isWindowMember(actor)) roles.add("windowMember");
  if (dir.inWindowChannel(actor)) roles.add("windowChannel");
  for (const d of dir.org.departments) {
    if (!dir.belongsTo(actor, d.code)) continue;
    roles.add(d.code === department ? "owner" : "otherDepartment");
  }
  const member = dir.boardMember(actor);
  if (member) roles.add(member.chair ? "boardChair" : "boardMember");
  if (inPlanning(ctx, actor)) roles.add("planning");
  return roles;
}

/** Listed in planning.members, or acting from the planning division's channel. */
function inPlanning(ctx: AppContext, actor: Actor): boolean {
  const p = ctx.dir.org.planning;
  if (p.members.some((m) => (actor.platform === "slack" && m.slack === actor.userId) || (actor.platform === "teams" && m.teams === actor.userId))) return true;
  return actor.channelId !== undefined && ((actor.platform === "slack" && p.slackChannel === actor.channelId) || (actor.platform === "teams" && p.teamsChannel === actor.channelId));
}

/** True when the actor may perform `op` on a subject owned by `department`. The CLI and the system act as the office. */
export function can(ctx: AppContext, actor: Actor, op: Operation, department: string | null): boolean {
  if (actor.platform === "system" || actor.platform === "cli") return true;
  const roles = rolesOf(ctx, actor, department);
  return PERMISSIONS[op].allow.some((r) => roles.has(r as Role));
}

/**
 * Checks `op` for `actor` on the subject named by `value`; a refusal is written to the audit trail
 * (the city must be able to show who was turned away) and thrown as `forbidden`.
 */
export async function authorize(ctx: AppContext, actor: Actor, op: string, value: string, known?: Subject): Promise<Subject> {
  const rule = isOperation(op) ? (PERMISSIONS[op] as Rule) : undefined;
  let subject = known;
  if (!subject && rule) {
    try {
      subject = await loadSubject(ctx, rule.subject, value);
    } catch (e) {
      // an id that names nothing (forged, or of another kind) is turned away too, and that is recorded
      await recordRefusal(ctx, actor, op, { type: rule.subject, id: value.slice(0, 200) || "-", proposalId: null, department: null }, "not found");
      throw e;
    }
  }
  subject ??= { type: "unknown", id: value.slice(0, 200) || "-", proposalId: null, department: null };
  if (rule && can(ctx, actor, op as Operation, subject.department)) return subject;
  await recordRefusal(ctx, actor, op, subject, !rule ? "no such operation" : actor.external ? "outside the organisation" : "role");
  throw forbidden();
}

/** Writes a refusal to the audit trail: `<operation>.refused`, who, from where, and why. */
export async function recordRefusal(ctx: AppContext, actor: Actor, op: string, subject: Subject, reason: string): Promise<void> {
  await commit(ctx, (r) =>
    audit(r, actor, {
      action: `${op}.refused`,
      subjectType: subject.type,
      subjectId: subject.id,
      proposalId: subject.proposalId,
      data: { reason, actor: actorId(actor), channel: actor.channelId ?? null },
    }),
  );
}
