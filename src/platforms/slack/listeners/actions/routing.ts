/** Routing buttons: take it up (担当する), not ours (opens a reason form), re-route (window, opens a form). */
import type { App, BlockButtonAction } from "@slack/bolt";
import { opinionForm, rerouteForm, sendBackForm } from "../../../../app/forms";
import { ACTIONS, FORMS } from "../../../../ports/chat";
import { toView } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

export function registerRoutingActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTIONS.take, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    const routingId = action.value ?? "";
    try {
      if (await deps.workflow.takeUpNeedsOpinion(routingId)) {
        // it costs the city money: taking it up sends it to the board, so ask for the department's opinion
        const form = opinionForm(deps.workflow.ctx.t, FORMS.takeUp, routingId);
        form.context = `${routingId}|${channel ?? ""}`;
        await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
        return;
      }
      await deps.workflow.takeUp(routingId, {}, slackActor(body.user.id, channel));
    } catch (e) {
      await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
    }
  });

  app.action<BlockButtonAction>(ACTIONS.sendBack, async ({ ack, body, action, client }) => {
    await ack();
    const form = sendBackForm(deps.workflow.ctx.t, action.value ?? "");
    form.context = `${action.value ?? ""}|${body.channel?.id ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });

  app.action<BlockButtonAction>(ACTIONS.reroute, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    const { workflow } = deps;
    if (!workflow.ctx.dir.isWindow(slackActor(body.user.id, channel))) {
      await tellPrivately(client, deps, channel, body.user.id, workflow.ctx.t.errors.forbidden);
      return;
    }
    try {
      const view = await workflow.proposalView(action.value ?? "");
      const current = view.routings.filter((r) => r.state === "pending" || r.state === "taken").map((r) => r.department);
      const form = rerouteForm(workflow.ctx.t, workflow.ctx.dir, view.id, current);
      form.context = `${view.id}|${channel ?? ""}`;
      await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
    } catch (e) {
      await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
    }
  });
}
