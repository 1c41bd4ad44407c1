/**
 * What a button press or a submitted form means, for every platform alike. Slack's listeners and
 * Teams' invoke handler only translate payloads into these calls and render the outcome.
 */
import { DomainError } from "../domain/errors";
import type { Messages } from "../i18n";
import { ACTIONS, FORMS, type Actor, type FormId, type FormSpec, type FormValues } from "../ports/chat";
import { noAgreementSchema } from "./agreements/schema";
import { agreementForm, agreementInputFromForm, noAgreementForm } from "./agreements/forms";
import { ownPartnershipForm, ownPartnershipInputFromForm } from "./agreements/own";
import { withdrawForm, withdrawSchema } from "./proposals/withdraw";
import { surveyForm, surveyFormShape } from "./surveys/answer";
import { changesForm, opinionForm } from "./review/forms";
import { formErrors } from "./kernel/forms";
import { newProposalForm, PROPOSAL_PATHS, proposalInputFromForm } from "./proposals/forms";
import { rerouteForm, sendBackForm } from "./routing/forms";
import { reportForm, reportSchema } from "./agreements/status-report";
import { challengeForm, challengeInputFromForm, challengeSchema } from "./challenges/publish";
import { changeForm, changeInputFromForm, editSchema, extendSchema, withdrawCallSchema } from "./challenges/change";
import { authorize } from "./permissions";
import { parseInput } from "./kernel/parse-input";
import { opinionSchema } from "./review/send-to-board";
import { voteSchema } from "./review/vote";
import { rerouteSchema } from "./routing/reroute";
import { sendBackSchema } from "./routing/send-back";
import { proposalInputSchema } from "./proposals/submit.schema";
import type { Workflow } from "./workflow";
import { encodeAgreementContext } from "./agreements/form-context";

/**
 * What a button did. `noteOnCard`: the message the button is on now shows the same (a vote: the round's
 * card names every voter), so a platform that would spend an API call per click to say it privately
 * (Slack's postEphemeral) leaves it to the card; one that answers the click with the card (Teams) shows it.
 */
export type Outcome = { type: "done"; note?: string; noteOnCard?: boolean } | { type: "form"; form: FormSpec };

/** Runs the action behind a button (`value` is untrusted: only ids, checked by the use case). */
export async function performAction(wf: Workflow, actionId: string, value: string, actor: Actor): Promise<Outcome> {
  const t = wf.ctx.t;
  const done = (note?: string): Outcome => ({ type: "done", note });
  // every button is checked against the permission table before anything else (refusals are audited)
  await authorize(wf.ctx, actor, actionId, value);
  switch (actionId) {
    case ACTIONS.take:
      if (await wf.takeUpNeedsOpinion(value)) return { type: "form", form: opinionForm(t, FORMS.takeUp, value) };
      await wf.takeUp(value, {}, actor);
      return done();
    case ACTIONS.sendBack:
      return { type: "form", form: sendBackForm(t, value) };
    case ACTIONS.reroute: {
      const view = await wf.proposalView(value);
      const current = view.routings.filter((r) => r.state === "pending" || r.state === "taken").map((r) => r.department);
      return { type: "form", form: rerouteForm(t, wf.ctx.dir, view.id, current) };
    }
    case ACTIONS.withdraw:
      await authorize(wf.ctx, actor, ACTIONS.withdraw, value);
      return { type: "form", form: withdrawForm(t, value) };
    case ACTIONS.toBoard:
      return { type: "form", form: opinionForm(t, FORMS.toBoard, value) };
    case ACTIONS.voteApprove:
    case ACTIONS.voteReject:
    case ACTIONS.voteRecuse: {
      const choice = actionId === ACTIONS.voteApprove ? "approve" : actionId === ACTIONS.voteReject ? "reject" : "recuse";
      await wf.vote(value, { choice }, actor);
      return { type: "done", note: t.review.voted(t.review[choice]), noteOnCard: true };
    }
    case ACTIONS.voteChanges:
      return { type: "form", form: changesForm(t, value) };
    case ACTIONS.closeRound:
      await wf.closeRound(value, actor);
      return done();
    case ACTIONS.registerAgreement:
      return { type: "form", form: agreementForm(t, wf.ctx.dir, value, await wf.agreementPrefill(value)) };
    case ACTIONS.recordNoAgreement:
      return { type: "form", form: noAgreementForm(t, value) };
    case ACTIONS.approveException:
      await wf.approveException(value, actor);
      return done();
    case ACTIONS.letEnd:
      await wf.letEnd(value, actor);
      return done();
    case ACTIONS.renew: {
      const draft = await wf.startRenewal(value, actor);
      const context = encodeAgreementContext({ kind: "draft", draftId: draft.id });
      return { type: "form", form: agreementForm(t, wf.ctx.dir, context, await wf.agreementPrefill(context)) };
    }
    case ACTIONS.report:
      return { type: "form", form: reportForm(t, value) };
    case ACTIONS.surveyAnswer:
      await authorize(wf.ctx, actor, ACTIONS.surveyAnswer, value);
      return { type: "form", form: await surveyForm(wf.ctx, value) };
    case ACTIONS.support:
      return done(await wf.toggleSupport(value, actor));
    case ACTIONS.challengeEdit:
    case ACTIONS.challengeExtend:
    case ACTIONS.challengeWithdraw:
      return { type: "form", form: await wf.challengeChangeForm(actionId, value) };
    case ACTIONS.bindChannel:
      return done(await wf.bindChannel(actor.channelId ?? "", value, actor));
    default:
      throw new DomainError("invalid", "conflicts.unknownAction", [actionId]);
  }
}

export interface FormHandler {
  build: (wf: Workflow, context: string) => FormSpec;
  /** cheap checks that can answer at once (shown next to the fields); throws DomainError */
  validate?: (values: FormValues) => void;
  run: (wf: Workflow, context: string, values: FormValues, actor: Actor) => Promise<string | void>;
  /**
   * The use case's own refusals belong next to the fields too (rules that need the database, such as an
   * approving board round): Slack then runs it before acknowledging. Only for quick, local work.
   */
  errorsInForm?: boolean;
  /** input paths whose field has another name (the proposal's `company.name` is the form's `companyName`) */
  paths?: Record<string, string>;
}

export const FORM_HANDLERS: Record<FormId, FormHandler> = {
  [FORMS.newProposal]: {
    build: (wf) => newProposalForm(wf.ctx.t, wf.ctx.dir),
    paths: PROPOSAL_PATHS,
    validate: (v) => void parseInput(proposalInputSchema, proposalInputFromForm(v)),
    run: async (wf, _c, v, actor) => {
      const res = await wf.submitProposal(proposalInputFromForm(v), actor);
      if (res.status === "recorded_for_information") return wf.ctx.t.disasterNote;
      return wf.ctx.t.registered((await wf.proposalView(res.id)).number);
    },
  },
  [FORMS.takeUp]: {
    build: (wf, id) => opinionForm(wf.ctx.t, FORMS.takeUp, id),
    validate: (v) => void parseInput(opinionSchema, v),
    run: async (wf, id, v, actor) => void (await wf.takeUp(id, v, actor)),
  },
  [FORMS.toBoard]: {
    build: (wf, id) => opinionForm(wf.ctx.t, FORMS.toBoard, id),
    validate: (v) => void parseInput(opinionSchema, v),
    run: async (wf, id, v, actor) => void (await wf.sendToBoard(id, v, actor)),
  },
  [FORMS.sendBack]: {
    build: (wf, id) => sendBackForm(wf.ctx.t, id),
    validate: (v) => void parseInput(sendBackSchema, v),
    run: async (wf, id, v, actor) => void (await wf.sendBack(id, v, actor)),
  },
  [FORMS.reroute]: {
    build: (wf, id) => rerouteForm(wf.ctx.t, wf.ctx.dir, id, []),
    validate: (v) => void parseInput(rerouteSchema, v),
    run: async (wf, id, v, actor) => void (await wf.reroute(id, v, actor)),
  },
  [FORMS.vote]: {
    build: (wf, id) => changesForm(wf.ctx.t, id),
    validate: (v) => void parseInput(voteSchema, { choice: "changes", comment: v.comment }),
    run: async (wf, id, v, actor) => {
      await wf.vote(id, { choice: "changes", comment: v.comment }, actor);
      return wf.ctx.t.review.voted(wf.ctx.t.review.changes);
    },
  },
  [FORMS.agreement]: {
    build: (wf, context) => agreementForm(wf.ctx.t, wf.ctx.dir, context),
    errorsInForm: true,
    run: async (wf, context, v, actor) => {
      const res = await wf.registerAgreement(agreementInputFromForm(context, v), actor);
      return res.state === "pending_exception" ? wf.ctx.t.agreement.pendingException(res.number) : wf.ctx.t.agreement.registered(res.number);
    },
  },
  [FORMS.noAgreement]: {
    build: (wf, id) => noAgreementForm(wf.ctx.t, id),
    validate: (v) => void parseInput(noAgreementSchema, v),
    run: async (wf, id, v, actor) => wf.ctx.t.agreement.noAgreementRecorded((await wf.recordNoAgreement(id, v, actor)).number),
  },
  [FORMS.challenge]: {
    build: (wf) => challengeForm(wf.ctx.t, wf.ctx.dir),
    validate: (v) => void parseInput(challengeSchema, challengeInputFromForm(v)),
    run: async (wf, _context, v, actor) => {
      const res = await wf.publishChallenge(challengeInputFromForm(v), actor);
      return wf.ctx.t.challenge.published(res.number, wf.ctx.t.date(String(v.deadline)));
    },
  },
  [FORMS.challengeEdit]: {
    build: (wf, id) => changeForm(wf.ctx.t, FORMS.challengeEdit, id),
    validate: (v) => void parseInput(editSchema, changeInputFromForm(v)),
    errorsInForm: true,
    run: async (wf, id, v, actor) => wf.ctx.t.challenge.done.edited((await wf.editChallenge(id, changeInputFromForm(v), actor)).number),
  },
  [FORMS.challengeExtend]: {
    build: (wf, id) => changeForm(wf.ctx.t, FORMS.challengeExtend, id),
    validate: (v) => void parseInput(extendSchema, changeInputFromForm(v)),
    // a deadline that is not later than the current one is said next to the field
    errorsInForm: true,
    run: async (wf, id, v, actor) => {
      const res = await wf.extendChallenge(id, changeInputFromForm(v), actor);
      return wf.ctx.t.challenge.done.extended(res.number, wf.ctx.t.date(res.deadline));
    },
  },
  [FORMS.challengeWithdraw]: {
    build: (wf, id) => changeForm(wf.ctx.t, FORMS.challengeWithdraw, id),
    validate: (v) => void parseInput(withdrawCallSchema, changeInputFromForm(v)),
    run: async (wf, id, v, actor) => wf.ctx.t.challenge.done.withdrawn((await wf.withdrawChallenge(id, changeInputFromForm(v), actor)).number),
  },
  [FORMS.survey]: {
    build: (wf, id) => surveyFormShape(wf.ctx.t, id),
    run: async (wf, id, v, actor) => wf.answerSurvey(id, v, actor),
  },
  [FORMS.withdraw]: {
    build: (wf, id) => withdrawForm(wf.ctx.t, id),
    validate: (v) => void parseInput(withdrawSchema, v),
    run: async (wf, id, v, actor) => wf.ctx.t.withdraw.done((await wf.withdrawProposal(id, v, actor)).number),
  },
  [FORMS.own]: {
    build: (wf) => ownPartnershipForm(wf.ctx.t, wf.ctx.dir),
    errorsInForm: true,
    run: async (wf, _context, v, actor) => {
      const res = await wf.registerOwnPartnership(ownPartnershipInputFromForm(v), actor);
      return res.state === "pending_exception" ? wf.ctx.t.agreement.pendingException(res.number) : wf.ctx.t.agreement.own.registered(res.number);
    },
  },
  [FORMS.report]: {
    build: (wf, id) => reportForm(wf.ctx.t, id),
    validate: (v) => void parseInput(reportSchema, v),
    run: async (wf, id, v, actor) => {
      const res = await wf.submitReport(id, v, actor);
      return wf.ctx.t.report.received(res.number, wf.ctx.t.report.statuses[String(v.status)] ?? "");
    },
  },
};

export type FormOutcome = { type: "done"; note?: string } | { type: "errors"; errors: Record<string, string> };

/** Field errors for a submitted form, or null when its cheap checks pass. */
export function checkForm(t: Messages, formId: FormId, form: FormSpec, values: FormValues): Record<string, string> | null {
  try {
    FORM_HANDLERS[formId].validate?.(values);
    return null;
  } catch (e) {
    if (e instanceof DomainError && e.code === "invalid") return formErrors(t, e, form, FORM_HANDLERS[formId].paths);
    throw e;
  }
}

/** The permission table's rule for a form (refusals audited), before anything else is looked at. */
export async function authorizeForm(wf: Workflow, formId: FormId, context: string, actor: Actor): Promise<void> {
  await authorize(wf.ctx, actor, formId, context);
}

/** Validates and runs a submitted form; refusals of the input come back as field errors. */
export async function submitForm(wf: Workflow, formId: FormId, context: string, values: FormValues, actor: Actor): Promise<FormOutcome> {
  const handler = FORM_HANDLERS[formId];
  await authorize(wf.ctx, actor, formId, context);
  const form = handler.build(wf, context);
  const errors = checkForm(wf.ctx.t, formId, form, values);
  if (errors) return { type: "errors", errors };
  try {
    return { type: "done", note: (await handler.run(wf, context, values, actor)) ?? undefined };
  } catch (e) {
    if (e instanceof DomainError && e.code === "invalid") return { type: "errors", errors: formErrors(wf.ctx.t, e, form, handler.paths) };
    throw e;
  }
}

export function isFormId(s: string): s is FormId {
  return (Object.values(FORMS) as string[]).includes(s);
}
