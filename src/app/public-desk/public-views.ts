/**
 * What the public desk shows of the city's work: a company's own proposal, by its private link, and
 * the register of concluded partnerships (open data). Nothing internal: no opinions, votes, people.
 */
import { createHash, randomBytes } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { formatAgreementNumber } from "../../domain/agreement";
import { tokyoDate } from "../../domain/calendar";
import { formatChallengeNumber } from "../../domain/challenge";
import { notFound } from "../../domain/errors";
import { formatProposalNumber, PUBLIC_STAGES, publicStage, type Pattern, type PublicStage } from "../../domain/proposal";
import { excelCell } from "../agreements/import-export";
import type { AppContext } from "../kernel/context";

/** A new private status link's token (192 random bits) and the hash that is stored. */
export function newStatusToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: statusTokenHash(token) };
}

export function statusTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface PublicStatus {
  number: string;
  title: string;
  receivedOn: string;
  stage: PublicStage;
  /** the stages of this proposal's own path: the board's two only when it goes (or went) to the board */
  steps: PublicStage[];
  /** at "decided": what the board decided */
  outcome: "approved" | "rejected" | null;
  /** at "concluded": an agreement, or going ahead by mutual consent without one */
  concludedAs: "agreement" | "no_agreement" | null;
  challenge: string | null;
}

export async function publicStatus(ctx: AppContext, token: string): Promise<PublicStatus> {
  const r = ctx.store.read;
  const p = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await r.proposals.getByStatusTokenHash(statusTokenHash(token)) : null;
  if (!p) throw notFound(ctx.t.errors.notFound);
  // (no company name: the directory's record may carry a name someone else typed first)
  const [rounds, agreements, challenge] = await Promise.all([
    r.rounds.listByProposal(p.id),
    p.status === "concluded" ? r.agreements.listByProposal(p.id) : Promise.resolve([]),
    p.challengeId ? r.challenges.get(p.challengeId) : Promise.resolve(null),
  ]);
  const stage = publicStage(p.status);
  const board = p.costToCity || rounds.length > 0;
  // after the board said no there is no "partnership started" to wait for
  const steps = PUBLIC_STAGES.filter((s) => (board || (s !== "board_review" && s !== "decided")) && !(p.status === "rejected" && s === "concluded"));
  const concluded = agreements.find((a) => a.state !== "draft" && a.state !== "pending_exception");
  return {
    number: formatProposalNumber(p.number),
    title: p.title,
    receivedOn: tokyoDate(p.createdAt),
    stage,
    steps,
    outcome: p.status === "approved" ? "approved" : p.status === "rejected" ? "rejected" : null,
    concludedAs: stage === "concluded" ? (concluded?.kind ?? "agreement") : null,
    challenge: challenge ? formatChallengeNumber(challenge.number) : null,
  };
}

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
}

export async function publicPartnerships(ctx: AppContext): Promise<PublicPartnership[]> {
  const r = ctx.store.read;
  const all = (await r.agreements.list()).filter((a) => a.kind === "agreement" && (a.state === "active" || a.state === "ended"));
  all.sort((a, b) => b.startDate.localeCompare(a.startDate) || b.number - a.number);
  const companies = new Map<string, { name: string; corporateNumber: string | null }>();
  const out: PublicPartnership[] = [];
  for (const a of all) {
    if (!companies.has(a.companyId)) {
      const c = await r.companies.get(a.companyId);
      companies.set(a.companyId, { name: c?.name ?? "", corporateNumber: c?.corporateNumber ?? null });
    }
    const c = companies.get(a.companyId)!;
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
    });
  }
  return out;
}

export const PARTNERSHIP_COLUMNS = ["number", "company", "corporate_number", "title", "pattern", "pattern_name", "department_code", "department", "start_date", "end_date", "state"] as const;

/**
 * The open-data CSV (UTF-8 with BOM for Excel). Cells that look like formulas are kept as text, and a
 * cell with a line break is always quoted (csv-stringify leaves a bare LF unquoted with CRLF records).
 */
export function partnershipsCsv(rows: PublicPartnership[], departmentName: (code: string) => string, patternName: (p: string) => string): string {
  return stringify(
    rows.map((p) =>
      [p.number, p.company, p.corporateNumber ?? "", p.title, p.pattern, patternName(p.pattern), p.department, departmentName(p.department), p.startDate, p.endDate ?? "", p.state].map((v) => excelCell(v)),
    ),
    { bom: true, header: true, columns: [...PARTNERSHIP_COLUMNS], record_delimiter: "\r\n", quoted_match: /[\r\n]/ },
  );
}
