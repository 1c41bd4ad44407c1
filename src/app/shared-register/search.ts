/**
 * `/partner shared <company or field>` (Teams: `shared …`): staff of a consenting municipality search the
 * shared register. A municipality that did not consent is refused (and the refusal audited): it neither
 * searches nor appears. The answer is a neutral message each platform renders (and escapes) itself.
 */
import { bold, type Actor, type ChatMessage, type MessageBlock } from "../../ports/chat";
import type { AppContext } from "../kernel/context";
import { lineBlocks } from "../kernel/paging";
import { COMMANDS, recordRefusal } from "../permissions";
import type { SharedPartnership } from "./register";

/** partnerships listed for one search; more are counted (the query can be narrowed) */
const SHOWN = 30;

export type SharedAnswer = { type: "text"; text: string } | { type: "message"; message: ChatMessage };

export async function searchShared(ctx: AppContext, query: string, actor: Actor): Promise<SharedAnswer> {
  const t = ctx.t;
  const found = ctx.shared ? await ctx.shared.search(ctx, query) : null;
  if (found === null) {
    await recordRefusal(ctx, actor, COMMANDS.shared, { type: "none", id: "-", proposalId: null, department: null }, "not sharing");
    return { type: "text", text: t.shared.notSharing };
  }
  if (!query.trim()) return { type: "text", text: t.shared.usage };
  if (found.length === 0) return { type: "text", text: t.shared.none(query) };
  const lang = ctx.locale ?? ctx.dir.locale;
  const blocks: MessageBlock[] = [{ type: "context", text: t.shared.scope }];
  // grouped by company, in the order found: who partnered with it, on what, with which result
  const byCompany = new Map<string, SharedPartnership[]>();
  for (const p of found.slice(0, SHOWN)) byCompany.set(p.company, [...(byCompany.get(p.company) ?? []), p]);
  for (const [company, rows] of byCompany) {
    const number = rows.find((p) => p.corporateNumber)?.corporateNumber;
    blocks.push({ type: "text", text: bold(company) + (number ? t.aside(number) : "") });
    const lines = rows.map((p) => {
      const rest = [
        t.pattern[p.pattern],
        ...(p.fields.length ? [t.shared.fields(p.fields.map((f) => f.name[lang]).join(t.shared.join))] : []),
        p.department.name[lang],
        `${t.agreement.state[p.state]}${t.aside(t.term(p.startDate, p.endDate))}`,
      ].join(" / ");
      return t.shared.line(p.municipality.name[lang], p.number, p.title, rest);
    });
    blocks.push(...lineBlocks(lines));
  }
  if (found.length > SHOWN) blocks.push({ type: "context", text: t.moreItems(found.length - SHOWN) });
  return { type: "message", message: { text: t.shared.header(query), blocks: [{ type: "header", text: t.shared.header(query) }, ...blocks] } };
}
