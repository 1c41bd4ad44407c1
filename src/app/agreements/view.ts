/** Read models of agreements: one agreement with its links, reports and events; the list by state and end date. */
import { formatAgreementNumber } from "../../domain/agreement";
import { notFound } from "../../domain/errors";
import type { AgreementRecord } from "../../ports/store";
import { type AppContext } from "../kernel/context";


export function agreementSummary(a: AgreementRecord) {
  return {
    id: a.id,
    number: formatAgreementNumber(a.number),
    kind: a.kind,
    state: a.state,
    title: a.title,
    pattern: a.pattern,
    department: a.departmentCode,
    startDate: a.startDate,
    endDate: a.endDate,
    costToCity: a.costToCity,
    endDecision: a.endDecision,
    /** window: through the window; own: a department's own partnership (§6(1) ただし書) */
    origin: a.origin ?? "window",
  };
}

export async function agreementView(ctx: AppContext, id: string) {
  const r = ctx.store.read;
  const a = await r.agreements.get(id);
  if (!a) throw notFound();
  const [company, predecessor, successor, reports, events] = await Promise.all([
    r.companies.get(a.companyId),
    a.predecessorId ? r.agreements.get(a.predecessorId) : null,
    r.agreements.getSuccessor(a.id),
    r.reports.listByAgreement(a.id),
    r.audit.listBySubject("agreement", a.id),
  ]);
  return {
    ...agreementSummary(a),
    proposalId: a.proposalId,
    company: company && { id: company.id, name: company.name, corporateNumber: company.corporateNumber },
    moneyTerms: a.moneyTerms,
    documentUrl: a.documentUrl,
    exceptionReason: a.exceptionReason,
    exceptionApprovedBy: a.exceptionApprovedBy,
    consentBy: a.consentBy,
    consentReason: a.consentReason,
    concludedAt: a.concludedAt?.toISOString() ?? null,
    predecessor: predecessor && agreementSummary(predecessor),
    successor: successor && agreementSummary(successor),
    reports: reports.map((x) => ({ at: x.createdAt.toISOString(), status: x.status, done: x.done, outcomes: x.outcomes, problems: x.problems, by: x.reportedBy })),
    events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, platform: e.platform, action: e.action })),
  };
}

const STATE_ORDER = ["pending_exception", "draft", "active", "ended"] as const;

/** Agreements by state, then end date (the `/partner agreements` list and `GET /api/agreements`). */
export async function listAgreements(ctx: AppContext, filter: { state?: AgreementRecord["state"]; departmentCode?: string } = {}) {
  const all = await ctx.store.read.agreements.list(filter);
  const sorted = [...all].sort(
    (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || (a.endDate ?? "9999").localeCompare(b.endDate ?? "9999") || a.number - b.number,
  );
  return Promise.all(
    sorted.map(async (a) => {
      const reports = await ctx.store.read.reports.listByAgreement(a.id);
      const latest = reports.at(-1);
      return { ...agreementSummary(a), reports: reports.length, latestReport: latest ? { at: latest.createdAt.toISOString(), status: latest.status } : null };
    }),
  );
}
