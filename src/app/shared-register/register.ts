/**
 * 共有台帳 (§4(3), issue 25): one register across the municipalities of a deployment. It is made of what
 * each municipality's public register already publishes (public-desk/register.ts decides that), with the
 * municipality's name and the fields' names, and of the municipalities that consented only
 * (`tenant.shareRegister`). Nothing else of a municipality is read here.
 */
import { stringify } from "csv-stringify/sync";
import { normalizeCompanyName } from "../../domain/company";
import { excelCell } from "../agreements/export";
import type { AppContext } from "../kernel/context";
import { publicPartnerships } from "../public-desk/register";

/** A municipality of the deployment, as the shared register sees it: its slug and its own context. */
export interface Member {
  slug: string;
  ctx: AppContext;
}

export type { SharedPartnership } from "./types";
import type { SharedPartnership } from "./types";

type Names = { ja: string; en: string };

/** Whether a municipality consented to share its register (and so may search the others'). */
export function consents(ctx: AppContext): boolean {
  return ctx.dir.org.tenant.shareRegister === true;
}

export class SharedRegister {
  /** @param members every municipality of the deployment (read when asked: the registry is built after the contexts) */
  constructor(private readonly members: () => readonly Member[]) {}

  /** Every consenting municipality's concluded public partnerships, municipality by municipality (newest first in each). */
  async entries(): Promise<SharedPartnership[]> {
    const out: SharedPartnership[] = [];
    for (const { slug, ctx } of this.members()) {
      if (!consents(ctx)) continue;
      const org = ctx.dir.org;
      const fieldName = (code: string): Names => org.fields.find((f) => f.code === code)?.name ?? { ja: code, en: code };
      for (const p of await publicPartnerships(ctx)) {
        out.push({
          municipality: { slug, name: { ...org.city.name } },
          number: p.number,
          company: p.company,
          corporateNumber: p.corporateNumber,
          title: p.title,
          pattern: p.pattern,
          fields: p.fields.map((code) => ({ code, name: fieldName(code) })),
          department: { code: p.department, name: { ja: ctx.dir.unitName(p.department, "ja"), en: ctx.dir.unitName(p.department, "en") } },
          startDate: p.startDate,
          endDate: p.endDate,
          state: p.state,
        });
      }
    }
    return out;
  }

  /**
   * The partnerships whose company (name or 法人番号), field (code or name) or title matches `query`, for a
   * municipality that consented; null for one that did not (it neither searches nor appears).
   */
  async search(asker: AppContext, query: string): Promise<SharedPartnership[] | null> {
    if (!consents(asker)) return null;
    const q = plain(query);
    const company = normalizeCompanyName(query);
    if (!q) return [];
    return (await this.entries()).filter(
      (p) =>
        (company !== "" && normalizeCompanyName(p.company).includes(company)) ||
        p.corporateNumber === query.trim() ||
        p.fields.some((f) => plain(f.code) === q || plain(f.name.ja).includes(q) || plain(f.name.en).includes(q)) ||
        plain(p.title).includes(q),
    );
  }
}

/** what people type and what is stored, compared alike: width, case and spaces aside */
function plain(s: string): string {
  return s.normalize("NFKC").replace(/[\s\u3000]+/gu, "").toLowerCase();
}

export const SHARED_COLUMNS = ["municipality", "number", "company", "corporate_number", "title", "fields", "pattern", "pattern_name", "department", "start_date", "end_date", "state"] as const;

/**
 * The combined open-data CSV (UTF-8 with BOM, as each municipality's /partnerships.csv): names in Japanese,
 * formula-looking cells kept as text, a cell with a line break always quoted.
 */
export function sharedCsv(rows: SharedPartnership[], patternName: (p: string) => string): string {
  return stringify(
    rows.map((p) =>
      [p.municipality.name.ja, p.number, p.company, p.corporateNumber ?? "", p.title, p.fields.map((f) => f.name.ja).join(";"), p.pattern, patternName(p.pattern), p.department.name.ja, p.startDate, p.endDate ?? "", p.state].map((v) => excelCell(v)),
    ),
    { bom: true, header: true, columns: [...SHARED_COLUMNS], record_delimiter: "\r\n", quoted_match: /[\r\n]/ },
  );
}

/** The combined open-data JSON: the same rows, names in both languages. */
export function sharedJson(rows: SharedPartnership[], patternName: (p: string, lang: "ja" | "en") => string) {
  return {
    partnerships: rows.map((p) => ({
      municipality: p.municipality,
      number: p.number,
      company: p.company,
      corporateNumber: p.corporateNumber,
      title: p.title,
      fields: p.fields,
      pattern: p.pattern,
      patternName: { ja: patternName(p.pattern, "ja"), en: patternName(p.pattern, "en") },
      department: p.department,
      startDate: p.startDate,
      endDate: p.endDate,
      state: p.state,
    })),
  };
}
