/**
 * A call's card: the message posted to its department and the window when it was published, updated in
 * place when staff change it or it closes. While it is open it carries the buttons to change it.
 */
import { tokyoDate } from "../../domain/calendar";
import { formatChallengeNumber } from "../../domain/challenge";
import { ACTIONS, bold, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { ChallengeRecord } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import type { ChannelAddress } from "../kernel/org-directory";
import { shorten } from "../kernel/text";
import { uniqueAddresses } from "../outbox/post";

/** The key the card was queued under (publish.ts), in every channel it went to. */
export const cardKey = (challengeId: string) => ({ kind: "challenge" as const, challengeId });

/** The department that receives the answers, and the window, which answers companies' questions. */
export function audience(ctx: AppContext, call: Pick<ChallengeRecord, "departmentCode">): ChannelAddress[] {
  return uniqueAddresses([...ctx.dir.channels(call.departmentCode), ...ctx.dir.windowChannels()]);
}

export function challengeCard(ctx: AppContext, call: ChallengeRecord): ChatMessage {
  const t = ctx.t;
  const c = t.challenge;
  const number = formatChallengeNumber(call.number);
  const state = call.state === "open" ? c.stateOpen : call.state === "withdrawn" ? c.changed.withdrawn : c.stateClosed;
  const blocks: MessageBlock[] = [
    { type: "header", text: c.publishedHeader(number) },
    { type: "text", text: bold(call.title) },
    { type: "text", text: shorten(call.description, 500, null) },
    {
      type: "fields",
      fields: [
        { label: c.kindLabel, value: c.kind[call.kind] },
        { label: c.deadline, value: t.date(call.deadline) },
        { label: c.department, value: ctx.dir.unitName(call.departmentCode) },
        { label: t.challenge.stateLabel, value: state },
      ],
    },
  ];
  if (call.state === "withdrawn" && call.withdrawnAt) {
    blocks.push({ type: "context", text: c.withdrawnOn(t.date(tokyoDate(call.withdrawnAt)), call.withdrawReason ?? "-") });
  } else if (call.changedAt && call.changeKind) {
    blocks.push({ type: "context", text: c.changedOn(t.date(tokyoDate(call.changedAt)), c.changed[call.changeKind]) });
  }
  if (call.state === "open") {
    blocks.push({ type: "context", text: c.intro });
    blocks.push({
      type: "actions",
      actions: [
        { actionId: ACTIONS.challengeEdit, label: c.edit, value: call.id },
        { actionId: ACTIONS.challengeExtend, label: c.extend, value: call.id },
        { actionId: ACTIONS.challengeWithdraw, label: c.withdraw, value: call.id, style: "danger" },
      ],
    });
  }
  return { text: `${c.publishedHeader(number)}: ${call.title}`, blocks };
}
