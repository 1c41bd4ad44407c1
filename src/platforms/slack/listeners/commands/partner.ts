/** `/partner <new|company|agreements|template|help>`: the office's entry point in Slack. */
import type { App } from "@slack/bolt";
import { formatProposalNumber } from "../../../../domain/proposal";
import { newProposalForm } from "../../../../app/forms";
import { isPattern } from "../../../../app/templates";
import { markdownBlocks, toView } from "../../blocks";
import { errorText, type SlackDeps } from "../../context";

export function registerPartnerCommand(app: App, deps: SlackDeps): void {
  app.command("/partner", async ({ ack, command, client, respond }) => {
    const t = deps.workflow.ctx.t;
    const [sub = "help", ...rest] = command.text.trim().split(/\s+/u);
    const arg = rest.join(" ").trim();
    if (sub === "new") {
      await ack();
      // trigger_id lives 3 s: open the modal before anything slow.
      const form = newProposalForm(t);
      form.context = `|${command.channel_id}`;
      await client.views.open({ trigger_id: command.trigger_id, view: toView(form) });
      return;
    }
    await ack();
    try {
      if (sub === "company" && arg) {
        const found = await deps.workflow.searchCompanies(arg);
        if (found.length === 0) {
          await respond({ response_type: "ephemeral", text: t.companyNotFound(arg) });
          return;
        }
        const lines = found.map(({ company, proposals }) => {
          const head = `*${t.companyHeader(company.name)}*${company.corporateNumber ? ` (${company.corporateNumber})` : ""}`;
          const body = proposals.length
            ? proposals.map((p) => `• ${formatProposalNumber(p.number)} ${p.title} — ${t.status[p.status]}`).join("\n")
            : t.noProposals;
          return `${head}\n${body}`;
        });
        await respond({ response_type: "ephemeral", text: lines.join("\n\n").slice(0, 3900) });
        return;
      }
      if (sub === "agreements") {
        const list = await deps.workflow.listAgreements();
        const lines = list.map(
          (a) =>
            `• ${a.number} ${a.title} — ${t.agreement.state[a.state]}${a.endDate ? ` (〜${a.endDate})` : ""} / ${deps.workflow.ctx.dir.unitName(a.department)}` +
            (a.latestReport ? ` / ${t.report.latest}: ${t.report.statuses[a.latestReport.status] ?? a.latestReport.status} (${a.latestReport.at.slice(0, 10)})` : ""),
        );
        await respond({ response_type: "ephemeral", text: `*${t.agreement.listHeader}*\n${lines.join("\n") || t.agreement.none}`.slice(0, 3900) });
        return;
      }
      if (sub === "template") {
        if (!isPattern(arg)) {
          await respond({ response_type: "ephemeral", text: t.agreement.unknownPattern });
          return;
        }
        const { template, procedure } = await deps.workflow.agreementTemplate(arg);
        await respond({ response_type: "ephemeral", text: procedure.slice(0, 3000), blocks: markdownBlocks(`${procedure}\n\n${template}`) });
        return;
      }
      await respond({ response_type: "ephemeral", text: t.help });
    } catch (e) {
      await respond({ response_type: "ephemeral", text: errorText(deps, e) });
    }
  });
}
