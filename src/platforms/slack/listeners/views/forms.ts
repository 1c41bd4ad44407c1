/**
 * Modal submissions: cheap checks answer in the modal itself (response_action: errors); then Slack is
 * acknowledged and the use case runs. Forms whose use-case refusals belong in the modal run first.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { checkForm, FORM_HANDLERS, submitForm } from "../../../../app/interactions";
import type { FormId } from "../../../../ports/chat";
import { fromViewState } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** private_metadata is "<subject id>|<channel the form was opened from>" (set by us, kept by Slack). */
export function splitContext(meta: string): { subjectId: string; channelId?: string } {
  const [subjectId = "", channelId] = meta.split("|");
  return { subjectId, channelId: channelId || undefined };
}

export function registerForm(app: App, deps: SlackDeps, formId: FormId): void {
  const handler = FORM_HANDLERS[formId];
  app.view<ViewSubmitAction>(formId, async ({ ack, body, view, client }: ViewArgs) => {
    const { subjectId, channelId } = splitContext(view.private_metadata);
    const form = handler.build(deps.workflow, subjectId);
    const values = fromViewState(form, view.state.values as never);
    const actor = slackActor(body.user.id, channelId);
    const errors = checkForm(formId, form, values);
    if (errors) {
      await ack({ response_action: "errors", errors });
      return;
    }
    let acked = false;
    if (!handler.errorsInForm) {
      await ack();
      acked = true;
    }
    try {
      const outcome = await submitForm(deps.workflow, formId, subjectId, values, actor);
      if (outcome.type === "errors") {
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
