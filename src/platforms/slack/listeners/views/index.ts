import type { App } from "@slack/bolt";
import {
  agreementForm,
  agreementInputFromForm,
  changesForm,
  newProposalForm,
  noAgreementForm,
  opinionForm,
  proposalInputFromForm,
  rerouteForm,
  sendBackForm,
} from "../../../../app/forms";
import { noAgreementSchema } from "../../../../app/agreements.schema";
import { reportForm, reportSchema } from "../../../../app/reports";
import { opinionSchema, voteSchema } from "../../../../app/review";
import { parseInput } from "../../../../app/result";
import { rerouteSchema, sendBackSchema } from "../../../../app/routing";
import { proposalInputSchema } from "../../../../app/submit-proposal.schema";
import { FORMS } from "../../../../ports/chat";
import type { SlackDeps } from "../../context";
import { registerForm } from "./forms";

export function register(app: App, deps: SlackDeps): void {
  registerForm(app, deps, FORMS.newProposal, {
    form: (d) => newProposalForm(d.workflow.ctx.t),
    validate: (v) => void parseInput(proposalInputSchema, proposalInputFromForm(v)),
    run: async (d, _id, v, actor) => {
      const res = await d.workflow.submitProposal(proposalInputFromForm(v), actor);
      if (res.status === "recorded_for_information") return d.workflow.ctx.t.disasterNote;
      const view = await d.workflow.proposalView(res.id);
      return d.workflow.ctx.t.registered(view.number);
    },
  });
  registerForm(app, deps, FORMS.sendBack, {
    form: (d, id) => sendBackForm(d.workflow.ctx.t, id),
    validate: (v) => void parseInput(sendBackSchema, v),
    run: async (d, id, v, actor) => void (await d.workflow.sendBack(id, v, actor)),
  });
  registerForm(app, deps, FORMS.reroute, {
    form: (d, id) => rerouteForm(d.workflow.ctx.t, d.workflow.ctx.dir, id, []),
    validate: (v) => void parseInput(rerouteSchema, v),
    run: async (d, id, v, actor) => void (await d.workflow.reroute(id, v, actor)),
  });
  registerForm(app, deps, FORMS.takeUp, {
    form: (d, id) => opinionForm(d.workflow.ctx.t, FORMS.takeUp, id),
    validate: (v) => void parseInput(opinionSchema, v),
    run: async (d, id, v, actor) => void (await d.workflow.takeUp(id, v, actor)),
  });
  registerForm(app, deps, FORMS.toBoard, {
    form: (d, id) => opinionForm(d.workflow.ctx.t, FORMS.toBoard, id),
    validate: (v) => void parseInput(opinionSchema, v),
    run: async (d, id, v, actor) => void (await d.workflow.sendToBoard(id, v, actor)),
  });
  registerForm(app, deps, FORMS.vote, {
    form: (d, id) => changesForm(d.workflow.ctx.t, id),
    validate: (v) => void parseInput(voteSchema, { choice: "changes", comment: v.comment }),
    run: async (d, id, v, actor) => {
      await d.workflow.vote(id, { choice: "changes", comment: v.comment }, actor);
      return d.workflow.ctx.t.review.voted(d.workflow.ctx.t.review.changes);
    },
  });
  registerForm(app, deps, FORMS.agreement, {
    form: (d, context) => agreementForm(d.workflow.ctx.t, d.workflow.ctx.dir, context),
    runBeforeAck: true,
    run: async (d, context, v, actor) => {
      const res = await d.workflow.registerAgreement(agreementInputFromForm(context, v), actor);
      return res.state === "pending_exception" ? d.workflow.ctx.t.agreement.pendingException(res.number) : d.workflow.ctx.t.agreement.registered(res.number);
    },
  });
  registerForm(app, deps, FORMS.report, {
    form: (d, id) => reportForm(d.workflow.ctx.t, id),
    validate: (v) => void parseInput(reportSchema, v),
    run: async (d, id, v, actor) => {
      const res = await d.workflow.submitReport(id, v, actor);
      return d.workflow.ctx.t.report.received(res.number, d.workflow.ctx.t.report.statuses[String(v.status)] ?? "");
    },
  });
  registerForm(app, deps, FORMS.noAgreement, {
    form: (d, id) => noAgreementForm(d.workflow.ctx.t, id),
    validate: (v) => void parseInput(noAgreementSchema, v),
    run: async (d, id, v, actor) => {
      const res = await d.workflow.recordNoAgreement(id, v, actor);
      return d.workflow.ctx.t.agreement.noAgreementRecorded(res.number);
    },
  });
}
