export interface CompanyRecord {
  id: string;
  name: string;
  normalizedName: string;
  corporateNumber: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
}

export interface CompaniesRepo {
  get(id: string): Promise<CompanyRecord | null>;
  findByCorporateNumber(n: string): Promise<CompanyRecord | null>;
  /** the oldest company of that normalised name (only those without a 法人番号 if asked) */
  findByNormalizedName(n: string, withoutNumber?: boolean): Promise<CompanyRecord | null>;
  create(c: Omit<CompanyRecord, "id">): Promise<CompanyRecord>;
  update(id: string, patch: Partial<Omit<CompanyRecord, "id">>): Promise<CompanyRecord>;
  search(normalizedFragment: string, limit: number): Promise<CompanyRecord[]>;
}
