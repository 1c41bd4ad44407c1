/** 企業ディレクトリ: one record per company, searchable by every department. */
import { normalizeCompanyName } from "../../domain/company";
import type { AgreementRecord, CompanyRecord, DisasterRecord, ProposalRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";

export interface CompanyDetails {
  name: string;
  corporateNumber?: string;
  contactName?: string;
  email?: string;
  phone?: string;
}

/** Finds the company by 法人番号, else by normalised name, and brings its contact details up to date. */
/** The company a name (and 法人番号) refers to, if it is known; creates nothing. */
export async function findCompany(r: Repos, name: string, corporateNumber?: string): Promise<CompanyRecord | null> {
  const normalizedName = normalizeCompanyName(name);
  if (corporateNumber) return (await r.companies.findByCorporateNumber(corporateNumber)) ?? (await r.companies.findByNormalizedName(normalizedName, true));
  return r.companies.findByNormalizedName(normalizedName);
}

/**
 * Finds or files the company. With `staffNamed` (staff concluding an agreement) the name given replaces
 * the directory's: the first name a 法人番号 was filed under may have come from a stranger's web form.
 */
export async function upsertCompany(r: Repos, c: CompanyDetails, opts: { staffNamed?: boolean; keepContact?: boolean } = {}): Promise<CompanyRecord> {
  const normalizedName = normalizeCompanyName(c.name);
  // two proposals of a company new to the directory, at once: one files it, the other finds it
  await r.serialize(`company-name:${normalizedName}`, ...(c.corporateNumber ? [`company-number:${c.corporateNumber}`] : []));
  const contact = {
    contactName: c.contactName ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
  };
  let found: CompanyRecord | null = null;
  if (c.corporateNumber) {
    found = (await r.companies.findByCorporateNumber(c.corporateNumber)) ?? (await r.companies.findByNormalizedName(normalizedName, true));
  } else {
    found = await r.companies.findByNormalizedName(normalizedName);
  }
  if (!found) {
    return r.companies.create({ name: c.name, normalizedName, corporateNumber: c.corporateNumber ?? null, ...contact });
  }
  const rename = opts.staffNamed && found.normalizedName !== normalizedName;
  return r.companies.update(found.id, {
    corporateNumber: found.corporateNumber ?? c.corporateNumber ?? null,
    ...(c.contactName && !opts.keepContact ? contact : {}),
    ...(rename ? { name: c.name, normalizedName } : {}),
  });
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
