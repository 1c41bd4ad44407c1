/**
 * Every button of the bot's messages: acknowledge at once, run the shared interaction, then open its
 * form (the trigger_id lives 3 s) or tell the person privately what happened.
 */
import type { App, BlockButtonAction } from "@slack/bolt";
import { performAction } from "../../../../app/interactions";
import { ACTION_IDS } from "../../../../ports/chat";
import { toView } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

export function registerButtons(app: App, deps: SlackDeps): void {
  for (const actionId of ACTION_IDS) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const channel = body.channel?.id;
      try {
        const outcome = await performAction(deps.workflow, actionId, action.value ?? "", slackActor(body.user.id, channel));
        if (outcome.type === "form") {
          // the form remembers where it was opened from, for the reply and for channel-based permissions
          await client.views.open({ trigger_id: body.trigger_id, view: toView({ ...outcome.form, context: `${outcome.form.context}|${channel ?? ""}` }) });
        } else if (outcome.note) {
          await tellPrivately(client, deps, channel, body.user.id, outcome.note);
        }
      } catch (e) {
        await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
      }
    });
  }
}
