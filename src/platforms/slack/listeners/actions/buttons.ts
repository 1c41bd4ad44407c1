/**
 * Every button of the bot's messages: persist the click (inbox), acknowledge, run the shared
 * interaction, then open its form (the trigger_id lives 3 s) or tell the person privately what happened.
 */
import type { App, BlockButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { acceptInteraction, processInteraction, type InteractionInput } from "../../../../app/inbox/inbox";
import { performAction } from "../../../../app/interactions";
import { ACTION_IDS, type Actor } from "../../../../ports/chat";
import { toView } from "../../blocks";
import type { Workflow } from "../../../../app/workflow";
import { workflowOf, errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";
import { deliveryKey } from "../../dedupe";
import { anyOf } from "../ids";

export function registerButtons(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>({ type: "block_actions", action_id: anyOf(ACTION_IDS) }, async ({ ack, body, action, client, context }) => {
    const wf = workflowOf(deps, context);
    const channel = body.channel?.id;
    const actor = slackActor(body.user.id, channel, { deps, team: body.user.team_id, fallback: { teamId: body.team?.id, enterpriseId: body.enterprise?.id } });
    const key = deliveryKey(body) ?? `slack:action:${body.user.id}:${body.trigger_id}`;
    const input: InteractionInput = { kind: "action", actionId: action.action_id, value: action.value ?? "", actor };
    const fresh = await acceptInteraction(wf, key, input);
    await ack();
    if (!fresh) {
      deps.log.info({ key }, "duplicate slack delivery dropped");
      return;
    }
    // The work goes on after Bolt's request has ended: a click waiting in the queue keeps only what its
    // answer needs, not Bolt's request (the parsed body, the HTTP request and response).
    void apply(deps, wf, client, key, input.actionId, input.value, actor, body.trigger_id);
  });
}

async function apply(deps: SlackDeps, wf: Workflow, client: WebClient, key: string, actionId: string, value: string, actor: Actor, triggerId: string): Promise<void> {
  const channel = actor.channelId;
  try {
    const outcome = await processInteraction(wf, key, () => performAction(wf, actionId, value, actor));
    if (outcome.type === "form") {
      // the form remembers where it was opened from, for the reply and for channel-based permissions
      await client.views.open({ trigger_id: triggerId, view: toView({ ...outcome.form, context: `${outcome.form.context}|${channel ?? ""}` }) });
    } else if (outcome.note && !outcome.noteOnCard) {
      // a note the card shows too (a vote) is left to the card's redraw: no Web API call per click
      await tellPrivately(client, deps, channel, actor.userId, outcome.note);
    }
  } catch (e) {
    await tellPrivately(client, deps, channel, actor.userId, errorText(deps, e));
  }
}
