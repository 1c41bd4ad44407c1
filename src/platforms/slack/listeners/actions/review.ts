/** Review board buttons: votes (承認/否決/差戻し/回避), closing by the chair, sending to the board. */
import type { App, BlockButtonAction } from "@slack/bolt";
import { changesForm, opinionForm } from "../../../../app/forms";
import { ACTIONS, FORMS } from "../../../../ports/chat";
import { toView } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

const DIRECT_VOTES = [
  [ACTIONS.voteApprove, "approve"],
  [ACTIONS.voteReject, "reject"],
  [ACTIONS.voteRecuse, "recuse"],
] as const;

export function registerReviewActions(app: App, deps: SlackDeps): void {
  const t = deps.workflow.ctx.t;
  const label = { approve: t.review.approve, reject: t.review.reject, recuse: t.review.recuse };

  for (const [actionId, choice] of DIRECT_VOTES) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const channel = body.channel?.id;
      try {
        await deps.workflow.vote(action.value ?? "", { choice }, slackActor(body.user.id, channel));
        await tellPrivately(client, deps, channel, body.user.id, t.review.voted(label[choice]));
      } catch (e) {
        await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
      }
    });
  }

  app.action<BlockButtonAction>(ACTIONS.voteChanges, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    const actor = slackActor(body.user.id, channel);
    if (!deps.workflow.ctx.dir.boardMember(actor)) {
      // let the use case refuse it, so that the refusal is audited like any other
      await deps.workflow.vote(action.value ?? "", { choice: "changes", comment: "-" }, actor).catch(async (e) => {
        await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
      });
      return;
    }
    const form = changesForm(t, action.value ?? "");
    form.context = `${action.value ?? ""}|${channel ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });

  app.action<BlockButtonAction>(ACTIONS.closeRound, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    try {
      await deps.workflow.closeRound(action.value ?? "", slackActor(body.user.id, channel));
    } catch (e) {
      await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
    }
  });

  app.action<BlockButtonAction>(ACTIONS.toBoard, async ({ ack, body, action, client }) => {
    await ack();
    const form = opinionForm(t, FORMS.toBoard, action.value ?? "");
    form.context = `${action.value ?? ""}|${body.channel?.id ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });
}
