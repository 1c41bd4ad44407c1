/** Modal submissions: validate into the modal itself (response_action: errors), else ack and run. */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { formErrors } from "../../../../app/forms";
import { DomainError } from "../../../../domain/errors";
import type { Actor, FormSpec, FormValues } from "../../../../ports/chat";
import { fromViewState } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface FormHandler {
  form: (deps: SlackDeps, subjectId: string) => FormSpec;
  /** cheap checks that must answer inside Slack's 3 s (shown next to the fields); throws DomainError */
  validate?: (values: FormValues) => void;
  run: (deps: SlackDeps, subjectId: string, values: FormValues, actor: Actor) => Promise<string | void>;
  /**
   * Run the use case before acknowledging, so that rules which need the database (an approving board
   * round, a draft already concluded) are shown in the modal too. Only for quick, local work: Slack
   * waits 3 s.
   */
  runBeforeAck?: boolean;
}

/** private_metadata is "<subject id>|<channel the form was opened from>" (set by us, kept by Slack). */
export function splitContext(meta: string): { subjectId: string; channelId?: string } {
  const [subjectId = "", channelId] = meta.split("|");
  return { subjectId, channelId: channelId || undefined };
}

export function registerForm(app: App, deps: SlackDeps, callbackId: string, handler: FormHandler): void {
  app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client }: ViewArgs) => {
    const { subjectId, channelId } = splitContext(view.private_metadata);
    const form = handler.form(deps, subjectId);
    const values = fromViewState(form, view.state.values as never);
    try {
      handler.validate?.(values);
    } catch (e) {
      if (e instanceof DomainError && e.code === "invalid") {
        await ack({ response_action: "errors", errors: formErrors(e, form) });
        return;
      }
      throw e;
    }
    const actor = slackActor(body.user.id, channelId);
    if (handler.runBeforeAck) {
      let note: string | void;
      try {
        note = await handler.run(deps, subjectId, values, actor);
      } catch (e) {
        if (e instanceof DomainError && e.code === "invalid") {
          await ack({ response_action: "errors", errors: formErrors(e, form) });
          return;
        }
        await ack();
        await tellPrivately(client, deps, channelId, body.user.id, errorText(deps, e));
        return;
      }
      await ack();
      if (note) await tellPrivately(client, deps, channelId, body.user.id, note);
      return;
    }
    await ack();
    try {
      const note = await handler.run(deps, subjectId, values, actor);
      if (note) await tellPrivately(client, deps, channelId, body.user.id, note);
    } catch (e) {
      await tellPrivately(client, deps, channelId, body.user.id, errorText(deps, e));
    }
  });
}
