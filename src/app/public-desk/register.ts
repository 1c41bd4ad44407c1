/** The register of concluded partnerships (open data, page, CSV and JSON): no personal data. */
import { stringify } from "csv-stringify/sync";
import { formatAgreementNumber } from "../../domain/agreement";
import { type Pattern } from "../../domain/proposal";
import { excelCell } from "../agreements/export";
import type { AppContext } from "../kernel/context";


/** A concluded agreement as published: company, title, pattern, department, term. No personal data. */
export interface PublicPartnership {
  number: string;
  company: string;
  corporateNumber: string | null;
  title: string;
  pattern: Pattern;
  department: string;
  startDate: string;
  endDate: string | null;
  state: "active" | "ended";
  /** through the window, or a department's own partnership (imported from its list) */
  origin?: "window" | "own";
  /** the fields (分野) of the proposal it concluded, by code (none for a department's own partnership) */
  fields: string[];
}

export async function publicPartnerships(ctx: AppContext): Promise<PublicPartnership[]> {
  const r = ctx.store.read;
  const all = (await r.agreements.list()).filter((a) => a.kind === "agreement" && (a.state === "active" || a.state === "ended"));
  all.sort((a, b) => b.startDate.localeCompare(a.startDate) || b.number - a.number);
  const companies = new Map<string, { name: string; corporateNumber: string | null }>();
  const fieldsOf = new Map<string, string[]>();
  const out: PublicPartnership[] = [];
  for (const a of all) {
    if (!companies.has(a.companyId)) {
      const c = await r.companies.get(a.companyId);
      companies.set(a.companyId, { name: c?.name ?? "", corporateNumber: c?.corporateNumber ?? null });
    }
    const c = companies.get(a.companyId)!;
    // the fields only (codes the rulebook names), never anything else of the proposal
    if (a.proposalId && !fieldsOf.has(a.proposalId)) fieldsOf.set(a.proposalId, (await r.proposals.get(a.proposalId))?.fields ?? []);
    out.push({
      number: formatAgreementNumber(a.number),
      // as staff named it in the agreement: a directory record may have been named first by a stranger's proposal
      company: a.companyName ?? c.name,
      corporateNumber: c.corporateNumber,
      title: a.title,
      pattern: a.pattern as Pattern,
      department: a.departmentCode,
      startDate: a.startDate,
      endDate: a.endDate,
      state: a.state === "ended" ? "ended" : "active",
      origin: a.origin ?? "window",
      fields: a.proposalId ? (fieldsOf.get(a.proposalId) ?? []) : [],
    });
  }
  return out;
}

export const PARTNERSHIP_COLUMNS = ["number", "company", "corporate_number", "title", "pattern", "pattern_name", "department_code", "department", "start_date", "end_date", "state", "origin"] as const;

/**
 * The open-data CSV (UTF-8 with BOM for Excel). Cells that look like formulas are kept as text, and a
 * cell with a line break is always quoted (csv-stringify leaves a bare LF unquoted with CRLF records).
 */
export function partnershipsCsv(rows: PublicPartnership[], departmentName: (code: string) => string, patternName: (p: string) => string): string {
  return stringify(
    rows.map((p) =>
      [p.number, p.company, p.corporateNumber ?? "", p.title, p.pattern, patternName(p.pattern), p.department, departmentName(p.department), p.startDate, p.endDate ?? "", p.state, p.origin ?? "window"].map((v) => excelCell(v)),
    ),
    { bom: true, header: true, columns: [...PARTNERSHIP_COLUMNS], record_delimiter: "\r\n", quoted_match: /[\r\n]/ },
  );
}
