/**
 * The delivery key of a Slack request: Slack re-sends events it thinks were lost (X-Slack-Retry-Num)
 * and people double-click. The key is the interaction's id in the inbox (app/inbox/inbox.ts): written before
 * Slack is acknowledged, so a repeat finds it and is dropped.
 */
export function deliveryKey(body: any): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  if (body.type === "event_callback" && body.event_id) return `slack:event:${body.event_id}`;
  if (body.type === "block_actions" && body.actions?.[0]?.action_ts) return `slack:action:${body.user?.id}:${body.actions[0].action_ts}`;
  if (body.type === "view_submission" && body.view?.id) return `slack:view:${body.view.id}:${body.view.hash ?? ""}`;
  return undefined;
}
