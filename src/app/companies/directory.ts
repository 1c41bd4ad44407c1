/** 企業ディレクトリ: one record per company, searchable by every department. */
import { normalizeCompanyName } from "../../domain/company";
import type { AgreementRecord, CompanyRecord, DisasterRecord, ProposalRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { audit } from "../kernel/commit";
import type { Actor } from "../../ports/chat";

export interface CompanyDetails {
  name: string;
  corporateNumber?: string;
  contactName?: string;
  email?: string;
  phone?: string;
}

/** The company a name (and 法人番号) refers to, if it is known; creates nothing. */
export async function findCompany(r: Repos, name: string, corporateNumber?: string): Promise<CompanyRecord | null> {
  const normalizedName = normalizeCompanyName(name);
  if (corporateNumber) return (await r.companies.findByCorporateNumber(corporateNumber)) ?? (await r.companies.findByNormalizedName(normalizedName, true));
  return r.companies.findByNormalizedName(normalizedName);
}

/** Who writes from outside the city: nobody has checked who they are (a 法人番号 and a name are public). */
export function isOutside(actor: Actor | undefined): boolean {
  return actor?.platform === "web" || actor?.platform === "api";
}

/**
 * Finds or files the company (by 法人番号, else by normalised name). A new company may be filed from
 * anywhere; an existing record is changed only by staff (chat, the CLI), and each change is audited
 * with the old values. From outside (the public desk, the API: `actor` web or api) nothing of an existing
 * record changes, not its 法人番号, name or contact: a stranger who names a firm first would otherwise give
 * it a number, and the firm's own proposal with its real number would become a second record. The
 * proposal keeps what it was sent (submittedCompanyName, submittedCorporateNumber).
 * With `staffNamed` (staff concluding an agreement) the name given replaces the directory's.
 */
export async function upsertCompany(r: Repos, c: CompanyDetails, opts: { actor?: Actor; staffNamed?: boolean } = {}): Promise<CompanyRecord> {
  const normalizedName = normalizeCompanyName(c.name);
  // two proposals of a company new to the directory, at once: one files it, the other finds it
  await r.serialize(`company-name:${normalizedName}`, ...(c.corporateNumber ? [`company-number:${c.corporateNumber}`] : []));
  const contact = {
    contactName: c.contactName ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
  };
  const found = await findCompany(r, c.name, c.corporateNumber);
  if (!found) {
    return r.companies.create({ name: c.name, normalizedName, corporateNumber: c.corporateNumber ?? null, ...contact });
  }
  if (isOutside(opts.actor)) return found;
  const rename = opts.staffNamed && found.normalizedName !== normalizedName;
  const patch: Partial<Omit<CompanyRecord, "id">> = {
    ...(!found.corporateNumber && c.corporateNumber ? { corporateNumber: c.corporateNumber } : {}),
    ...(c.contactName ? contact : {}),
    ...(rename ? { name: c.name, normalizedName } : {}),
  };
  const changed = (Object.keys(patch) as Array<keyof typeof patch>).filter((k) => patch[k] !== found[k]);
  if (!changed.length) return found;
  const updated = await r.companies.update(found.id, patch);
  if (opts.actor) {
    await audit(r, opts.actor, {
      action: "company.updated",
      subjectType: "company",
      subjectId: found.id,
      data: { changed, before: Object.fromEntries(changed.map((k) => [k, found[k]])), after: Object.fromEntries(changed.map((k) => [k, patch[k]])) },
    });
  }
  return updated;
}

export interface CompanyListing {
  company: CompanyRecord;
  proposals: ProposalRecord[];
  /** its agreements, the window's and departments' own alike, and its disaster agreements */
  agreements: AgreementRecord[];
  disasters: DisasterRecord[];
}

/** Companies whose name contains the query (normalised), each with its proposals. */
export async function searchCompanies(ctx: AppContext, query: string, limit = 10): Promise<CompanyListing[]> {
  const q = normalizeCompanyName(query);
  if (!q) return [];
  const byNumber = /^\d{13}$/.test(query.trim()) ? await ctx.store.read.companies.findByCorporateNumber(query.trim()) : null;
  const companies = byNumber ? [byNumber] : await ctx.store.read.companies.search(q, limit);
  const r = ctx.store.read;
  return Promise.all(
    companies.map(async (company) => ({
      company,
      proposals: await r.proposals.listByCompany(company.id),
      agreements: await r.agreements.list({ companyId: company.id }),
      disasters: await r.disasters.list({ companyId: company.id }),
    })),
  );
}
