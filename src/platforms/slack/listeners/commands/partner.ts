/** `/partner <command>`: the office's entry point in Slack (the commands: src/app/help.ts). */
import type { App } from "@slack/bolt";
import { runCommand } from "../../../../app/commands";
import { helpText } from "../../../../app/help";
import { markdownBlocks, mrkdwn, toBlocks, toView } from "../../blocks";
import { workflowOf, errorText, slackActor, type SlackDeps } from "../../context";
import { shorten } from "../../../../app/kernel/text";

export function registerPartnerCommand(app: App, deps: SlackDeps): void {
  app.command("/partner", async ({ ack, command, client, respond, context }) => {
    await ack();
    try {
      const reply = await runCommand(workflowOf(deps, context), command.text, slackActor(command.user_id, command.channel_id));
      if (reply.type === "form") {
        // trigger_id lives 3 s: nothing slow has happened before this
        await client.views.open({ trigger_id: command.trigger_id, view: toView({ ...reply.form, context: `|${command.channel_id}` }) });
      } else if (reply.type === "message") {
        await respond({ response_type: "ephemeral", text: shorten(mrkdwn(reply.message.text), 3000), blocks: toBlocks(reply.message) });
      } else if (reply.type === "document") {
        await respond({ response_type: "ephemeral", text: shorten(reply.text, 3000), blocks: markdownBlocks(reply.markdown) });
      } else {
        // names come from outside and help shows <placeholders>: escaped, so nothing is read as a link or mention
        const text = reply.type === "help" ? helpText(reply.entries, "/partner ") : reply.text;
        await respond({ response_type: "ephemeral", text: shorten(mrkdwn(text), 3900) });
      }
    } catch (e) {
      await respond({ response_type: "ephemeral", text: errorText(deps, e) });
    }
  });
}
