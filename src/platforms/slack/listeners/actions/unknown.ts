/**
 * Interactions no listener knows: a button on an old message whose action id was since renamed, say.
 * Without this, Bolt leaves them unacknowledged (Slack shows an error after 3 s) and logs an error for
 * each. They are acknowledged at once, logged by id only, and the person is told privately that the
 * message is out of date: through the payload's response_url (no scope needed), else chat.postEphemeral.
 */
import type { App, BlockAction, ViewSubmitAction } from "@slack/bolt";
import { platformNotes } from "../../../../i18n/platform-notes";
import { ACTION_IDS, FORMS } from "../../../../ports/chat";
import { tellPrivately, type SlackDeps } from "../../context";

/** Any id but these (one listener, see ../ids.ts). */
const noneOf = (ids: readonly string[]): RegExp => new RegExp(`^(?!(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$)`);

export function registerUnknown(app: App, deps: SlackDeps): void {
  app.action<BlockAction>({ type: "block_actions", action_id: noneOf(ACTION_IDS) }, async ({ ack, body, action, respond, client }) => {
    await ack();
    deps.log.info({ actionId: action.action_id.slice(0, 100), user: body.user.id }, "slack action with no listener: told the person the message is out of date");
    const text = platformNotes().outOfDate;
    if (body.response_url) {
      try {
        await respond({ response_type: "ephemeral", replace_original: false, text });
        return;
      } catch (e) {
        deps.log.warn({ err: (e as Error).message }, "could not answer through response_url");
      }
    }
    await tellPrivately(client, deps, body.channel?.id ?? body.container?.channel_id, body.user.id, text);
  });
  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: noneOf(Object.values(FORMS)) }, async ({ ack, view, body }) => {
    await ack();
    deps.log.info({ callbackId: view.callback_id.slice(0, 100), user: body.user.id }, "slack form with no listener closed");
  });
}
