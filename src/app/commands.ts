/**
 * What each text command does (Slack `/partner …`, Teams messages to the bot). Which commands exist,
 * where, and under which permission is help.ts's COMMAND_LIST; this table is keyed by the same words,
 * so a listed command without an entry here, or an entry that is not listed, fails to compile.
 */
import { tokyoDate } from "../domain/calendar";
import { formatProposalNumber } from "../domain/proposal";
import { formatAgreementNumber } from "../domain/agreement";
import { parseChallengeNumber } from "../domain/challenge";
import { bold, type Actor, type ChatMessage, type FormSpec, type MessageBlock } from "../ports/chat";
import { isPattern } from "./agreements/templates";
import { challengeForm } from "./challenges/publish";
import { askToBind, unbindChannel } from "./channels/bind";
import { COMMAND_LIST, helpEntries, type CommandWord, type HelpEntry } from "./help";
import { lineBlocks, pagedMessage, summarised } from "./kernel/paging";
import { authorize } from "./permissions";
import { newProposalForm } from "./proposals/forms";
import { homeView } from "./home/dashboard";
import { ownPartnershipForm } from "./agreements/own";
import type { Workflow } from "./workflow";

/** companies shown for one search; more are counted, not listed (the name can be narrowed) */
const COMPANIES_SHOWN = 10;

export type CommandReply =
  | { type: "text"; text: string }
  | { type: "document"; text: string; markdown: string }
  | { type: "form"; form: FormSpec }
  | { type: "message"; message: ChatMessage; /** holds a personal link: Teams shows it in a 1:1 chat only */ personal?: boolean }
  | { type: "help"; entries: HelpEntry[] };

type Runner = (wf: Workflow, arg: string, actor: Actor) => Promise<CommandReply>;

const help: Runner = async (wf, _arg, actor) => ({ type: "help", entries: helpEntries(wf.ctx.t, actor.platform) });

const RUN: Record<CommandWord, Runner> = {
  new: async (wf) => ({ type: "form", form: newProposalForm(wf.ctx.t, wf.ctx.dir) }),

  company: async (wf, arg, actor) => {
    if (!arg) return help(wf, arg, actor);
    const t = wf.ctx.t;
    const found = await wf.searchCompanies(arg, COMPANIES_SHOWN + 1);
    if (found.length === 0) return { type: "text", text: t.companyNotFound(arg) };
    const blocks: MessageBlock[] = [];
    for (const { company, proposals, agreements, disasters } of found.slice(0, COMPANIES_SHOWN)) {
      blocks.push({ type: "text", text: bold(t.companyHeader(company.name)) + (company.corporateNumber ? t.aside(company.corporateNumber) : "") });
      const lines = summarised(t, proposals, 10, (p) => `• ${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}`);
      blocks.push(...lineBlocks(lines.length ? lines : [t.noProposals]));
      // its agreements, a department's own marked as such, and its disaster agreements (§3: outside the policy, kept)
      const own = agreements.filter((a) => a.origin === "own");
      const other = [
        ...own.map((a) => `• ${formatAgreementNumber(a.number)} ${a.title} — ${t.agreement.origin.own} / ${wf.ctx.dir.unitName(a.departmentCode)} / ${t.agreement.state[a.state]}`),
        ...disasters.map((d) => `• ${t.survey.disasterLine(d.title)}${d.departmentCode ? ` / ${wf.ctx.dir.unitName(d.departmentCode)}` : ""}`),
      ];
      if (other.length) blocks.push(...lineBlocks(summarised(t, other, 10, (line) => line)));
    }
    if (found.length > COMPANIES_SHOWN) blocks.push({ type: "context", text: t.moreItems(found.length - COMPANIES_SHOWN) });
    return { type: "message", message: { text: t.companyHeader(found[0].company.name), blocks } };
  },

  // 共有台帳 (§4(3)): the consenting municipalities' partnerships, by company or field
  shared: async (wf, arg, actor) => wf.searchShared(arg, actor),

  agreements: async (wf, arg) => {
    const t = wf.ctx.t;
    const list = await wf.listAgreements();
    const lines = list.map(
      (a) =>
        `• ${a.number} ${a.title} — ${t.agreement.state[a.state]}${a.endDate ? t.aside(t.until(t.date(a.endDate))) : ""} / ${wf.ctx.dir.unitName(a.department)}${a.origin === "own" ? t.aside(t.agreement.origin.own) : ""}` +
        (a.latestReport ? ` / ${t.report.latest}: ${t.report.statuses[a.latestReport.status] ?? a.latestReport.status}${t.aside(t.date(tokyoDate(new Date(a.latestReport.at))))}` : ""),
    );
    const page = Number.parseInt(arg, 10) || 1;
    return { type: "message", message: pagedMessage(t, t.agreement.listHeader, lines, page, (p) => `agreements ${p}`, t.agreement.none) };
  },

  template: async (wf, arg) => {
    if (!isPattern(arg)) return { type: "text", text: wf.ctx.t.agreement.unknownPattern };
    const { template, procedure } = await wf.agreementTemplate(arg);
    return { type: "document", text: procedure, markdown: `${procedure}\n\n${template}` };
  },

  // with a number (C-0001): that call's card, whose buttons change it (for its department and the window)
  challenge: async (wf, arg, actor) => {
    if (!arg) return { type: "form", form: challengeForm(wf.ctx.t, wf.ctx.dir, actor) };
    const card = await wf.challengeCard(arg);
    if (card) return { type: "message", message: card };
    return { type: "text", text: parseChallengeNumber(arg) === null ? wf.ctx.t.challenge.usage : wf.ctx.t.challenge.unknown };
  },

  own: async (wf, _arg, actor) => ({ type: "form", form: ownPartnershipForm(wf.ctx.t, wf.ctx.dir, actor) }),

  survey: async (wf, arg, actor) => {
    const res = await wf.startSurvey(arg ? { deadline: arg } : {}, actor);
    return { type: "text", text: wf.ctx.t.survey.started(res.number, wf.ctx.t.date(res.deadline), res.departments) };
  },

  bind: async (wf, arg, actor) => (arg ? { type: "message", message: await askToBind(wf.ctx, arg, actor) } : { type: "text", text: wf.ctx.t.bind.usage }),

  unbind: async (wf, _arg, actor) => ({ type: "text", text: await unbindChannel(wf.ctx, actor) }),

  report: async (wf, _arg, actor) => ({ type: "message", message: await wf.reports.command(actor), personal: true }),

  home: async (wf, _arg, actor) => ({ type: "message", message: await homeView(wf.ctx, actor), personal: true }),

  help,
};

/**
 * Runs one command line: the first word picks the command (anything unknown gets help, as listed for
 * the platform it was typed on), the rest is its argument. Each command is checked against the permission table first.
 */
export async function runCommand(wf: Workflow, input: string, actor: Actor): Promise<CommandReply> {
  const [word = "help", ...rest] = input.trim().split(/\s+/u);
  const command = COMMAND_LIST.find((c) => c.word === word.toLowerCase()) ?? COMMAND_LIST.find((c) => c.word === "help")!;
  await authorize(wf.ctx, actor, command.operation, "");
  return RUN[command.word](wf, rest.join(" ").trim(), actor);
}
