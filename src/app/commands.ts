/** The text commands (Slack `/partner …`, Teams messages to the bot): parsed once, answered neutrally. */
import { formatProposalNumber } from "../domain/proposal";
import type { Actor, ChatMessage, FormSpec } from "../ports/chat";
import { askToBind, unbindChannel } from "./channels";
import { newProposalForm } from "./forms";
import { authorize, COMMANDS } from "./permissions";
import { isPattern } from "./templates";
import type { Workflow } from "./workflow";

export type CommandReply =
  | { type: "text"; text: string }
  | { type: "document"; text: string; markdown: string }
  | { type: "form"; form: FormSpec }
  | { type: "message"; message: ChatMessage };

const COMMAND_OF: Record<string, string> = {
  new: COMMANDS.new,
  company: COMMANDS.company,
  agreements: COMMANDS.agreements,
  template: COMMANDS.template,
  bind: COMMANDS.bind,
  unbind: COMMANDS.unbind,
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
      return { type: "form", form: newProposalForm(t) };
    case "company": {
      if (!arg) return { type: "text", text: t.help };
      const found = await wf.searchCompanies(arg);
      if (found.length === 0) return { type: "text", text: t.companyNotFound(arg) };
      const text = found
        .map(({ company, proposals }) => {
          const head = `*${t.companyHeader(company.name)}*${company.corporateNumber ? ` (${company.corporateNumber})` : ""}`;
          const body = proposals.length ? proposals.map((p) => `• ${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}`).join("\n") : t.noProposals;
          return `${head}\n${body}`;
        })
        .join("\n\n");
      return { type: "text", text };
    }
    case "agreements": {
      const list = await wf.listAgreements();
      const lines = list.map(
        (a) =>
          `• ${a.number} ${a.title} — ${t.agreement.state[a.state]}${a.endDate ? ` (〜${a.endDate})` : ""} / ${wf.ctx.dir.unitName(a.department)}` +
          (a.latestReport ? ` / ${t.report.latest}: ${t.report.statuses[a.latestReport.status] ?? a.latestReport.status} (${a.latestReport.at.slice(0, 10)})` : ""),
      );
      return { type: "text", text: `*${t.agreement.listHeader}*\n${lines.join("\n") || t.agreement.none}` };
    }
    case "template": {
      if (!isPattern(arg)) return { type: "text", text: t.agreement.unknownPattern };
      const { template, procedure } = await wf.agreementTemplate(arg);
      return { type: "document", text: procedure, markdown: `${procedure}\n\n${template}` };
    }
    default:
      return { type: "text", text: t.help };
  }
}
