import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";

/** Events the bot listens to. App Home is answered with the help text, so a first visit is not empty. */
export function register(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const t = deps.workflow.ctx.t;
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: t.help } }] },
    });
  });
}
