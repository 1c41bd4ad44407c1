/** The municipalities of a deployment besides the default one (src/app/tenants): the deployment's, not one tenant's. */
export interface MunicipalityRecord {
  slug: string;
  /** its rulebook as given (YAML), checked like the org config file */
  config: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MunicipalityStore {
  list(): Promise<MunicipalityRecord[]>;
  get(slug: string): Promise<MunicipalityRecord | null>;
  /** adds or replaces its rulebook; true when it was new */
  save(slug: string, config: string): Promise<boolean>;
  /** its intake API token (sha256 of it): a new one replaces the old */
  setIntakeToken(slug: string, tokenHash: string): Promise<void>;
  byIntakeToken(tokenHash: string): Promise<string | null>;
}
