/**
 * Modal submissions: the permission table first, then cheap checks answer in the modal itself
 * (response_action: errors). A valid submission is persisted (inbox) before Slack is acknowledged; forms
 * whose use-case refusals belong in the modal run before the acknowledgement. A submission answered
 * with field errors changed nothing and is forgotten, so the corrected one is processed.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { acceptInteraction, processInteraction, releaseInteraction, type InteractionInput } from "../../../../app/inbox/inbox";
import { authorizeForm, checkForm, FORM_HANDLERS, submitForm } from "../../../../app/interactions";
import { FORMS, type FormId } from "../../../../ports/chat";
import { anyOf } from "../ids";
import { fromViewState } from "../../blocks";
import { workflowOf, errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";
import { deliveryKey } from "../../dedupe";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** private_metadata is "<subject id>|<channel the form was opened from>" (set by us, kept by Slack). */
export function splitContext(meta: string): { subjectId: string; channelId?: string } {
  const [subjectId = "", channelId] = meta.split("|");
  return { subjectId, channelId: channelId || undefined };
}

/** Every form of the bot, as one listener (see ../ids.ts). */
export function registerForms(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: anyOf(Object.values(FORMS)) }, async ({ ack, body, view, client, context }: ViewArgs) => {
    const wf = workflowOf(deps, context);
    const formId = view.callback_id as FormId;
    const handler = FORM_HANDLERS[formId];
    const { subjectId, channelId } = splitContext(view.private_metadata);
    const actor = slackActor(body.user.id, channelId, { deps, team: body.user.team_id, fallback: { teamId: body.team?.id, enterpriseId: body.enterprise?.id } });
    try {
      await authorizeForm(wf, formId, subjectId, actor);
    } catch (e) {
      await ack();
      await tellPrivately(client, deps, channelId, body.user.id, errorText(deps, e));
      return;
    }
    const form = handler.build(wf, subjectId);
    const values = fromViewState(form, view.state.values as never);
    const errors = checkForm(wf.ctx.t, formId, form, values);
    if (errors) {
      await ack({ response_action: "errors", errors });
      return;
    }
    const key = deliveryKey(body) ?? `slack:view:${view.id}:${Date.now()}`;
    const input: InteractionInput = { kind: "form", formId, context: subjectId, values, actor };
    if (!(await acceptInteraction(wf, key, input))) {
      await ack();
      deps.log.info({ key }, "duplicate slack delivery dropped");
      return;
    }
    let acked = false;
    if (!handler.errorsInForm) {
      await ack();
      acked = true;
    }
    try {
      // a form still waiting for its answer (errors shown in it) goes ahead of queued clicks: Slack waits 3 s
      const outcome = await processInteraction(wf, key, () => submitForm(wf, formId, subjectId, values, actor), 0, { urgent: !acked });
      if (outcome.type === "errors") {
        await releaseInteraction(wf, key);
        if (!acked) await ack({ response_action: "errors", errors: outcome.errors });
        else await tellPrivately(client, deps, channelId, body.user.id, Object.values(outcome.errors).join("\n"));
        return;
      }
      if (!acked) await ack();
      if (outcome.note) await tellPrivately(client, deps, channelId, body.user.id, outcome.note);
    } catch (e) {
      if (!acked) await ack();
      await tellPrivately(client, deps, channelId, body.user.id, errorText(deps, e));
    }
  });
}
