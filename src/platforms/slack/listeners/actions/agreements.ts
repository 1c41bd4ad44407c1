/** Agreement buttons: register (or complete a renewal draft), go ahead without one, exception, renew, let end. */
import type { App, BlockButtonAction } from "@slack/bolt";
import { agreementForm, noAgreementForm } from "../../../../app/forms";
import { reportForm } from "../../../../app/reports";
import { ACTIONS } from "../../../../ports/chat";
import { toView } from "../../blocks";
import { errorText, slackActor, tellPrivately, type SlackDeps } from "../../context";

export function registerAgreementActions(app: App, deps: SlackDeps): void {
  const { workflow } = deps;
  const t = workflow.ctx.t;

  app.action<BlockButtonAction>(ACTIONS.registerAgreement, async ({ ack, body, action, client }) => {
    await ack();
    const context = action.value ?? "";
    const form = agreementForm(t, workflow.ctx.dir, context, await workflow.agreementPrefill(context));
    form.context = `${context}|${body.channel?.id ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });

  app.action<BlockButtonAction>(ACTIONS.recordNoAgreement, async ({ ack, body, action, client }) => {
    await ack();
    const form = noAgreementForm(t, action.value ?? "");
    form.context = `${action.value ?? ""}|${body.channel?.id ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });

  const simple = [
    [ACTIONS.approveException, (id: string, actor: ReturnType<typeof slackActor>) => workflow.approveException(id, actor)],
    [ACTIONS.letEnd, (id: string, actor: ReturnType<typeof slackActor>) => workflow.letEnd(id, actor)],
  ] as const;
  for (const [actionId, run] of simple) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      try {
        await run(action.value ?? "", slackActor(body.user.id, body.channel?.id));
      } catch (e) {
        await tellPrivately(client, deps, body.channel?.id, body.user.id, errorText(deps, e));
      }
    });
  }

  app.action<BlockButtonAction>(ACTIONS.report, async ({ ack, body, action, client }) => {
    await ack();
    const form = reportForm(t, action.value ?? "");
    form.context = `${action.value ?? ""}|${body.channel?.id ?? ""}`;
    await client.views.open({ trigger_id: body.trigger_id, view: toView(form) });
  });

  app.action<BlockButtonAction>(ACTIONS.renew, async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id;
    try {
      const draft = await workflow.startRenewal(action.value ?? "", slackActor(body.user.id, channel));
      // open the successor's form at once (the trigger is still fresh); it can also be completed later
      const context = `draft:${draft.id}`;
      const form = agreementForm(t, workflow.ctx.dir, context, await workflow.agreementPrefill(context));
      form.context = `${context}|${channel ?? ""}`;
      await client.views.open({ trigger_id: body.trigger_id, view: toView(form) }).catch(() => undefined);
    } catch (e) {
      await tellPrivately(client, deps, channel, body.user.id, errorText(deps, e));
    }
  });
}
