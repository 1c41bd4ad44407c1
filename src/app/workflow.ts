/**
 * The use cases, bound to one context. Platforms (Slack, Teams, HTTP, CLI) receive this object and
 * nothing else from the core.
 */
import type { Actor, FormValues } from "../ports/chat";
import { words, type Locale } from "../i18n";
import { agreementView, listAgreements } from "./agreements/view";
import { approveException } from "./agreements/approve-exception";
import { letEnd } from "./agreements/let-end";
import { recordNoAgreement } from "./agreements/no-agreement";
import { registerAgreement } from "./agreements/register";
import { registerOwnPartnership, toggleSupport } from "./agreements/own";
import { startRenewal } from "./agreements/start-renewal";
import type { AgreementPrefill } from "./agreements/forms";
import { exportAgreementsCsv, exportAgreementsIcs, exportDisastersCsv } from "./agreements/export";
import { exportAuditCsv } from "./audit/export";
import { importAgreements } from "./agreements/import";
import { importList, type ListRow } from "./agreements/import-list";
import type { ListKind } from "../domain/office-list";
import type { AppContext } from "./kernel/context";
import { bindChannel } from "./channels/bind";
import { searchCompanies } from "./companies/directory";
import { homeView } from "./home/dashboard";
import { authorize, EVENTS, recordRefusal, type Subject } from "./permissions";
import { proposalView } from "./proposals/view";
import { closeDueRounds, closeRound } from "./review/close-round";
import { sendToBoard } from "./review/send-to-board";
import { vote } from "./review/vote";
import { reroute } from "./routing/reroute";
import { withdrawProposal } from "./proposals/withdraw";
import { startScheduledSurvey, startSurvey } from "./surveys/start";
import { answerSurvey } from "./surveys/answer";
import { closeDueSurveys } from "./surveys/close";
import { sendBack } from "./routing/send-back";
import { takeUp, takeUpNeedsOpinion } from "./routing/take-up";
import { reminderSubject, runSweep } from "./reminders/sweep";
import { submitReport } from "./agreements/status-report";
import { submitProposal } from "./proposals/submit";
import { agreementTemplate } from "./agreements/templates";
import { closeDueChallenges } from "./challenges/close";
import { publicChallenge, publicChallenges } from "./challenges/public";
import { publishChallenge } from "./challenges/publish";
import { editChallenge, extendChallenge, openChangeForm, withdrawChallenge, type CHANGE_FORMS } from "./challenges/change";
import { challengeCard } from "./challenges/card";
import { publicPartnerships } from "./public-desk/register";
import { publicStatus } from "./public-desk/status";
import { searchShared } from "./shared-register/search";
import { requestStatusLink, type StatusLinkRequest } from "./notices/status-link";
import { decodeAgreementContext } from "./agreements/form-context";
import { parseChallengeNumber } from "../domain/challenge";
import { reportUseCases } from "./reports";

export function createWorkflow(ctx: AppContext) {
  return {
    ctx,
    submitProposal: (input: unknown, actor: Actor, idempotencyKey?: string) => submitProposal(ctx, input, actor, idempotencyKey),
    takeUp: (routingId: string, input: unknown, actor: Actor) => takeUp(ctx, routingId, input, actor),
    takeUpNeedsOpinion: (routingId: string) => takeUpNeedsOpinion(ctx, routingId),
    sendBack: (routingId: string, input: unknown, actor: Actor) => sendBack(ctx, routingId, input, actor),
    reroute: (proposalId: string, input: unknown, actor: Actor) => reroute(ctx, proposalId, input, actor),
    withdrawProposal: (proposalId: string, input: unknown, actor: Actor) => withdrawProposal(ctx, proposalId, input, actor),
    startSurvey: (input: unknown, actor: Actor) => startSurvey(ctx, input, actor),
    startScheduledSurvey: (now: Date) => startScheduledSurvey(ctx, now),
    answerSurvey: (requestId: string, values: FormValues, actor: Actor) => answerSurvey(ctx, requestId, values, actor),
    closeDueSurveys: (now: Date) => closeDueSurveys(ctx, now),
    proposalView: (id: string) => proposalView(ctx, id),
    /** the viewer's dashboard; the home command and Teams' refresh use the same permission row as Slack's App Home */
    homeView: async (actor: Actor) => {
      await authorize(ctx, actor, EVENTS.appHome, "");
      return homeView(ctx, actor);
    },
    searchCompanies: (query: string, limit?: number) => searchCompanies(ctx, query, limit),

    sendToBoard: (proposalId: string, input: unknown, actor: Actor) => sendToBoard(ctx, proposalId, input, actor),
    vote: (roundId: string, input: unknown, actor: Actor) => vote(ctx, roundId, input, actor),
    closeRound: (roundId: string, actor: Actor) => closeRound(ctx, roundId, actor),
    closeDueRounds: (now: Date) => closeDueRounds(ctx, now),

    registerAgreement: (input: unknown, actor: Actor) => registerAgreement(ctx, input, actor),
    registerOwnPartnership: (input: unknown, actor: Actor) => registerOwnPartnership(ctx, input, actor),
    toggleSupport: (agreementId: string, actor: Actor) => toggleSupport(ctx, agreementId, actor),
    recordNoAgreement: (proposalId: string, input: unknown, actor: Actor) => recordNoAgreement(ctx, proposalId, input, actor),
    approveException: (agreementId: string, actor: Actor) => approveException(ctx, agreementId, actor),
    startRenewal: (agreementId: string, actor: Actor) => startRenewal(ctx, agreementId, actor),
    letEnd: (agreementId: string, actor: Actor) => letEnd(ctx, agreementId, actor),
    agreementView: (id: string) => agreementView(ctx, id),
    listAgreements: (filter?: Parameters<typeof listAgreements>[1]) => listAgreements(ctx, filter),
    agreementTemplate,
    /** What the agreement form starts with: the proposal's facts, or the renewal draft's. */
    agreementPrefill: async (context: string): Promise<AgreementPrefill> => {
      const about = decodeAgreementContext(context);
      const r = ctx.store.read;
      if (!about) return {};
      if (about.kind === "proposal") {
        const p = await r.proposals.get(about.proposalId);
        if (!p) return {};
        const c = await r.companies.get(p.companyId);
        return { companyName: c?.name, title: p.title, pattern: p.pattern, departmentCode: p.ownerDepartment ?? undefined, costToCity: p.costToCity, startDate: p.desiredStart ?? undefined };
      }
      const a = await r.agreements.get(about.draftId);
      if (!a) return {};
      const c = await r.companies.get(a.companyId);
      return { companyName: c?.name, title: a.title, pattern: a.pattern, departmentCode: a.departmentCode, startDate: a.startDate, endDate: a.endDate ?? undefined, costToCity: a.costToCity, moneyTerms: a.moneyTerms ?? undefined };
    },
    submitReport: (agreementId: string, input: unknown, actor: Actor) => submitReport(ctx, agreementId, input, actor),
    runSweep: (now: Date) => runSweep(ctx, now),
    reminderSubject: (subjectType: string, subjectId: string) => reminderSubject(ctx, subjectType, subjectId),
    importAgreements: (csv: string, opts?: { dryRun?: boolean }) => importAgreements(ctx, csv, undefined, opts),
    importList: (rows: ListRow[], opts?: { dryRun?: boolean; kind?: ListKind; source?: string }) => importList(ctx, rows, opts),
    exportAgreementsCsv: () => exportAgreementsCsv(ctx),
    exportAgreementsIcs: () => exportAgreementsIcs(ctx),
    exportDisastersCsv: () => exportDisastersCsv(ctx),
    exportAuditCsv: (from: Date | null, to: Date | null) => exportAuditCsv(ctx, from, to),

    publishChallenge: (input: unknown, actor: Actor) => publishChallenge(ctx, input, actor),
    /** the form a call's button opens (edit, extend, withdraw), prefilled */
    challengeChangeForm: (actionId: keyof typeof CHANGE_FORMS, challengeId: string) => openChangeForm(ctx, actionId, challengeId),
    editChallenge: (challengeId: string, input: unknown, actor: Actor) => editChallenge(ctx, challengeId, input, actor),
    extendChallenge: (challengeId: string, input: unknown, actor: Actor) => extendChallenge(ctx, challengeId, input, actor),
    withdrawChallenge: (challengeId: string, input: unknown, actor: Actor) => withdrawChallenge(ctx, challengeId, input, actor),
    /** a call's card as its channels show it (with its buttons while it is open), by its number; null when there is none */
    challengeCard: async (ref: string) => {
      const n = parseChallengeNumber(ref);
      const call = n === null ? null : await ctx.store.read.challenges.getByNumber(n);
      return call && challengeCard(ctx, call);
    },
    closeDueChallenges: (now: Date) => closeDueChallenges(ctx, now),
    publicChallenges: () => publicChallenges(ctx),
    publicChallenge: (ref: string) => publicChallenge(ctx, ref),
    publicStatus: (token: string) => publicStatus(ctx, token),
    requestStatusLink: (req: StatusLinkRequest) => requestStatusLink(ctx, req),
    publicPartnerships: () => publicPartnerships(ctx),
    /** 共有台帳: the deployment's consenting municipalities' partnerships (refused to one that did not consent) */
    searchShared: (query: string, actor: Actor) => searchShared(ctx, query, actor),

    reports: reportUseCases(ctx),
    bindChannel: (conversationId: string, departmentCode: string, actor: Actor) => bindChannel(ctx, conversationId, departmentCode, actor),
    /** an edge refused someone before any use case ran (a Teams tenant outside the allow-list) */
    recordRefusal: (actor: Actor, op: string, subject: Subject) => recordRefusal(ctx, actor, op, subject, "edge"),
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;

const inLanguages = new WeakMap<Workflow, Map<Locale, Workflow>>();

/**
 * The use cases answering in one viewer's language (Teams sends it as `activity.locale`): for what only
 * that person sees — command replies, refusals, their own view of a card. What goes to a channel is
 * written by the org's workflow, in the org's language. Anything not English is the org's language.
 */
export function inLanguage(wf: Workflow, locale: string | undefined): Workflow {
  const want: Locale = locale?.toLowerCase().startsWith("en") ? "en" : locale?.toLowerCase().startsWith("ja") ? "ja" : wf.ctx.dir.locale;
  if (want === wf.ctx.dir.locale && wf.ctx.t === words(want, wf.ctx.dir.org)) return wf;
  let known = inLanguages.get(wf);
  if (!known) inLanguages.set(wf, (known = new Map()));
  let other = known.get(want);
  if (!other) {
    other = createWorkflow({ ...wf.ctx, t: words(want, wf.ctx.dir.org), locale: want });
    // the same signing keys and address as the org's (set at start): a personal link works whoever asks
    other.reports.configure(wf.reports.settings);
    known.set(want, other);
  }
  return other;
}
