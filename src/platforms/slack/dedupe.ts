/**
 * Slack re-sends events it thinks were lost (X-Slack-Retry-Num) and people double-click. Each delivery
 * is claimed once in the database; a repeat is acknowledged and dropped. A delivery whose work failed
 * is released so that Slack's next retry is processed.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { SlackDeps } from "./context";

export function deliveryKey(body: any): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  if (body.type === "event_callback" && body.event_id) return `slack:event:${body.event_id}`;
  if (body.type === "block_actions" && body.actions?.[0]?.action_ts) return `slack:action:${body.user?.id}:${body.actions[0].action_ts}`;
  if (body.type === "view_submission" && body.view?.id) return `slack:view:${body.view.id}:${body.view.hash ?? ""}`;
  return undefined;
}

export function dedupe(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next } = args;
    const key = deliveryKey(body);
    if (!key) return next();
    if (!(await deps.workflow.claimDelivery(key))) {
      deps.log.info({ key, retry: args.context.retryNum }, "duplicate slack delivery dropped");
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    try {
      await next();
    } catch (e) {
      await deps.workflow.releaseDelivery(key);
      throw e;
    }
  };
}
