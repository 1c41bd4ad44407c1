/** The office's dashboard (Slack App Home): what is waiting on whom, and which agreements end soon. */
import { addDays, tokyoDate } from "../domain/calendar";
import { formatProposalNumber } from "../domain/proposal";
import type { ChatMessage, MessageBlock } from "../ports/chat";
import type { AppContext } from "./context";

const SOON_DAYS = 90;

export async function homeView(ctx: AppContext): Promise<ChatMessage> {
  const t = ctx.t;
  const r = ctx.store.read;
  const open = await r.proposals.listOpen(40);
  const today = tokyoDate(ctx.clock.now());
  const soon = (await r.agreements.list({ state: "active" })).filter((a) => a.endDate && a.endDate <= addDays(today, SOON_DAYS)).slice(0, 30);
  const blocks: MessageBlock[] = [{ type: "header", text: t.home.title }];
  blocks.push({ type: "text", text: `*${t.home.open}*` });
  blocks.push({
    type: "text",
    text:
      open
        .map((p) => `${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}${p.ownerDepartment ? ` / ${ctx.dir.unitName(p.ownerDepartment)}` : ""}`)
        .join("\n") || t.home.none,
  });
  blocks.push({ type: "divider" });
  blocks.push({ type: "text", text: `*${t.home.endingSoon(SOON_DAYS)}*` });
  blocks.push({
    type: "text",
    text: soon.map((a) => `〜${a.endDate} ${a.title} / ${ctx.dir.unitName(a.departmentCode)}${a.endDecision ? ` (${a.endDecision === "renew" ? t.agreement.renew : t.agreement.letEnd})` : ""}`).join("\n") || t.home.none,
  });
  blocks.push({ type: "divider" });
  blocks.push({ type: "context", text: t.help });
  return { text: t.home.title, blocks };
}
