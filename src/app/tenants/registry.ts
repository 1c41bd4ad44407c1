/**
 * The municipalities of one deployment, each with its own context and workflow over the same store
 * (PrismaStore.forTenant). Edges ask here which municipality a request belongs to, then call that
 * municipality's workflow only.
 */
import { createHash } from "node:crypto";
import type { OrgConfig } from "../../config/org";
import type { Workflow } from "../workflow";

/** A municipality's slug: in paths (/m/<slug>/), keys and counters. "default" is the config file's city. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const DEFAULT_TENANT = "default";

export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export class Municipalities {
  private readonly bySlugs = new Map<string, Workflow>();
  private readonly teams = new Map<string, string>();

  /**
   * @param home the default municipality (the org config file's), reached at the desk's root and by
   * INTAKE_API_TOKEN; its Teams tenants are the environment's allow-list
   * @param homeTeamsTenants the environment's Teams tenants (TEAMS_ALLOWED_TENANTS, MICROSOFT_APP_TENANT_ID)
   */
  constructor(
    readonly home: Workflow,
    homeTeamsTenants: readonly string[] = [],
  ) {
    this.add(DEFAULT_TENANT, home);
    for (const t of homeTeamsTenants) this.teams.set(t.toLowerCase(), DEFAULT_TENANT);
  }

  /** Adds a municipality; a Teams tenant claimed by two is refused (it would serve both). (Slack: its installations say.) */
  add(slug: string, workflow: Workflow): void {
    const org: OrgConfig = workflow.ctx.dir.org;
    for (const t of org.tenant.teamsTenants) {
      const owner = this.teams.get(t.toLowerCase());
      if (owner && owner !== slug) throw new Error(`Teams tenant ${t} belongs to ${owner} and to ${slug}`);
    }
    this.bySlugs.set(slug, workflow);
    for (const t of org.tenant.teamsTenants) this.teams.set(t.toLowerCase(), slug);
  }

  get(slug: string): Workflow | undefined {
    return this.bySlugs.get(slug);
  }

  slugs(): string[] {
    return [...this.bySlugs.keys()];
  }

  all(): Workflow[] {
    return [...this.bySlugs.values()];
  }

  /** the municipalities other than the default one (each has desk pages under /m/<slug>/) */
  others(): Array<[string, Workflow]> {
    return [...this.bySlugs].filter(([slug]) => slug !== DEFAULT_TENANT);
  }

  /** The municipality of a Teams activity's tenant; none: refused (and audited by the edge). */
  forTeamsTenant(tenantId: string | undefined): Workflow | undefined {
    const slug = tenantId ? this.teams.get(tenantId.toLowerCase()) : undefined;
    return slug ? this.bySlugs.get(slug) : undefined;
  }

  /** Whether any municipality maps Teams tenants of its own (else the environment's allow-list decides alone). */
  teamsTenants(): string[] {
    return [...this.teams.keys()];
  }
}
