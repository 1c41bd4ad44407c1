import type { App } from "@slack/bolt";
import { acceptInteraction, processInteraction } from "../../../../app/inbox/inbox";
import { toBlocks } from "../../blocks";
import { workflowOf, slackActor, type SlackDeps } from "../../context";
import { deliveryKey } from "../../dedupe";

/** Events the bot listens to (Bolt acknowledges events itself, after the listener's first await). App Home shows the office's dashboard. */
export function register(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body, client, context }) => {
    const wf = workflowOf(deps, context);
    if (event.tab !== "home") return;
    const actor = slackActor(event.user);
    const key = deliveryKey(body) ?? `slack:event:home:${event.user}:${event.event_ts}`;
    if (!(await acceptInteraction(wf, key, { kind: "event", name: "app_home_opened", actor }))) return;
    const home = await processInteraction(wf, key, () => wf.homeView(actor));
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks: toBlocks(home) } });
  });
}
