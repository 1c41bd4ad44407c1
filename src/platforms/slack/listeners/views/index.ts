import type { App } from "@slack/bolt";
import { newProposalForm, proposalInputFromForm, rerouteForm, sendBackForm } from "../../../../app/forms";
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
}
