/** The text commands (Slack `/partner …`, Teams messages to the bot): parsed once, answered neutrally. */
import { tokyoDate } from "../domain/calendar";
import { formatProposalNumber } from "../domain/proposal";
import { bold, type Actor, type ChatMessage, type FormSpec, type MessageBlock } from "../ports/chat";
import { lineBlocks, pagedMessage, summarised } from "./kernel/paging";
import { askToBind, unbindChannel } from "./channels/bind";
import { newProposalForm } from "./proposals/forms";
import { challengeForm } from "./challenges/publish";
import { authorize, COMMANDS } from "./permissions";
import { isPattern } from "./agreements/templates";
import type { Workflow } from "./workflow";

/** companies shown for one search; more are counted, not listed (the name can be narrowed) */
const COMPANIES_SHOWN = 10;

export type CommandReply =
  | { type: "text"; text: string }
  | { type: "document"; text: string; markdown: string }
  | { type: "form"; form: FormSpec }
  | { type: "message"; message: ChatMessage; /** holds a personal link: Teams shows it in a 1:1 chat only */ personal?: boolean };

const COMMAND_OF: Record<string, string> = {
  new: COMMANDS.new,
  company: COMMANDS.company,
  agreements: COMMANDS.agreements,
  template: COMMANDS.template,
  bind: COMMANDS.bind,
  unbind: COMMANDS.unbind,
  challenge: COMMANDS.challenge,
  report: COMMANDS.report,
};

/**
 * `new`, `company <name>`, `agreements`, `template <pattern>`, and in Teams `bind <code>` / `unbind`;
 * anything else gets the help text. Each command is checked against the permission table first.
 */
export async function runCommand(wf: Workflow, input: string, actor: Actor): Promise<CommandReply> {
  const t = wf.ctx.t;
  const [word = "help", ...rest] = input.trim().split(/\s+/u);
  const arg = rest.join(" ").trim();
  const sub = Object.hasOwn(COMMAND_OF, word.toLowerCase()) ? word.toLowerCase() : "help";
  await authorize(wf.ctx, actor, COMMAND_OF[sub] ?? COMMANDS.help, "");
  switch (sub) {
    case "bind":
      if (!arg) return { type: "text", text: t.bind.usage };
      return { type: "message", message: await askToBind(wf.ctx, arg, actor) };
    case "unbind":
      return { type: "text", text: await unbindChannel(wf.ctx, actor) };
    case "new":
      return { type: "form", form: newProposalForm(t, wf.ctx.dir) };
    case "challenge":
      return { type: "form", form: challengeForm(t, wf.ctx.dir, actor) };
    case "company": {
      if (!arg) return { type: "text", text: t.help };
      const found = await wf.searchCompanies(arg, COMPANIES_SHOWN + 1);
      if (found.length === 0) return { type: "text", text: t.companyNotFound(arg) };
      const blocks: MessageBlock[] = [];
      for (const { company, proposals } of found.slice(0, COMPANIES_SHOWN)) {
        blocks.push({ type: "text", text: bold(t.companyHeader(company.name)) + (company.corporateNumber ? `（${company.corporateNumber}）` : "") });
        const lines = summarised(t, proposals, 10, (p) => `• ${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}`);
        blocks.push(...lineBlocks(lines.length ? lines : [t.noProposals]));
      }
      if (found.length > COMPANIES_SHOWN) blocks.push({ type: "context", text: t.moreItems(found.length - COMPANIES_SHOWN) });
      return { type: "message", message: { text: t.companyHeader(found[0].company.name), blocks } };
    }
    case "agreements": {
      const list = await wf.listAgreements();
      const lines = list.map(
        (a) =>
          `• ${a.number} ${a.title} — ${t.agreement.state[a.state]}${a.endDate ? `（〜${t.date(a.endDate)}）` : ""} / ${wf.ctx.dir.unitName(a.department)}` +
          (a.latestReport ? ` / ${t.report.latest}: ${t.report.statuses[a.latestReport.status] ?? a.latestReport.status}（${t.date(tokyoDate(new Date(a.latestReport.at)))}）` : ""),
      );
      const page = Number.parseInt(arg, 10) || 1;
      return { type: "message", message: pagedMessage(t, t.agreement.listHeader, lines, page, (p) => `agreements ${p}`, t.agreement.none) };
    }
    case "report":
      return { type: "message", message: await wf.reports.command(actor), personal: true };
    case "template": {
      if (!isPattern(arg)) return { type: "text", text: t.agreement.unknownPattern };
      const { template, procedure } = await wf.agreementTemplate(arg);
      return { type: "document", text: procedure, markdown: `${procedure}\n\n${template}` };
    }
    default:
      return { type: "text", text: t.help };
  }
}
