/** The audit trail out, as CSV: every change and refusal (who, where, what, when), so the city can show it favoured no company. */
import { stringify } from "csv-stringify/sync";
import { tokyoIso } from "../../domain/calendar";
import { excelCell } from "../agreements/export";
import { type AppContext } from "../kernel/context";

/**
 * The audit trail as CSV (every change and every refusal, who, where, when): what the city shows to
 * demonstrate that it favoured no company. Read in pages so a long trail never sits in memory at once.
 */
export async function exportAuditCsv(ctx: AppContext, from: Date | null, to: Date | null): Promise<string> {
  const lines = [stringify([["id", "at", "actor", "platform", "action", "subject_type", "subject_id", "proposal_id", "data"]], { bom: true })];
  let afterId = 0;
  for (;;) {
    const page = await ctx.store.read.audit.listBetween(from, to, afterId, 1000);
    if (page.length === 0) break;
    lines.push(
      stringify(
        page.map((e) => [e.id, tokyoIso(e.at), e.actor, e.platform, e.action, e.subjectType, e.subjectId, e.proposalId ?? "", e.data === null ? "" : JSON.stringify(e.data)]),
        { cast: { string: excelCell } },
      ),
    );
    afterId = page.at(-1)!.id;
  }
  return lines.join("");
}
