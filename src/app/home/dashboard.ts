/** The office's dashboard (Slack App Home): what is waiting on whom, and which agreements end soon. */
import { addDays, tokyoDate } from "../../domain/calendar";
import { formatProposalNumber } from "../../domain/proposal";
import { bold, type ChatMessage, type MessageBlock } from "../../ports/chat";
import { lineBlocks, summarised } from "../kernel/paging";
import { helpEntries, helpText } from "../help";
import type { AppContext } from "../kernel/context";

const SOON_DAYS = 90;
/** the dashboard shows this many of each list and counts the rest ("n more") */
const OPEN_SHOWN = 40;
const SOON_SHOWN = 30;

export async function homeView(ctx: AppContext): Promise<ChatMessage> {
  const t = ctx.t;
  const r = ctx.store.read;
  // read more than shown, so that "n more" is a true count (a city office has far fewer open at once)
  const open = await r.proposals.listOpen(1000);
  const today = tokyoDate(ctx.clock.now());
  const soon = (await r.agreements.list({ state: "active" })).filter((a) => a.endDate && a.endDate <= addDays(today, SOON_DAYS));
  const blocks: MessageBlock[] = [{ type: "header", text: t.home.title }];
  blocks.push({ type: "text", text: bold(t.home.open) });
  const openLines = summarised(t, open, OPEN_SHOWN, (p) => `${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}${p.ownerDepartment ? ` / ${ctx.dir.unitName(p.ownerDepartment)}` : ""}`);
  blocks.push(...lineBlocks(openLines.length ? openLines : [t.home.none]));
  blocks.push({ type: "divider" });
  blocks.push({ type: "text", text: bold(t.home.endingSoon(SOON_DAYS)) });
  const soonLines = summarised(t, soon, SOON_SHOWN, (a) => `${t.until(t.date(a.endDate!))} ${a.title} / ${ctx.dir.unitName(a.departmentCode)}${a.endDecision ? t.aside(a.endDecision === "renew" ? t.agreement.renew : t.agreement.letEnd) : ""}`);
  blocks.push(...lineBlocks(soonLines.length ? soonLines : [t.home.none]));
  blocks.push({ type: "divider" });
  blocks.push({ type: "context", text: helpText(helpEntries(t, "slack"), "/partner ") });
  return { text: t.home.title, blocks };
}
