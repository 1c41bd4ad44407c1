import type { App } from "@slack/bolt";
import { toBlocks } from "../../blocks";
import { slackActor, type SlackDeps } from "../../context";

/** Events the bot listens to. App Home shows the office's dashboard. */
export function register(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const home = await deps.workflow.homeView(slackActor(event.user));
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks: toBlocks(home) } });
  });
}
