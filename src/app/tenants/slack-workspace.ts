/**
 * Which municipality a Slack workspace belongs to (OAuth mode): the tenant of its installation. An
 * Enterprise Grid organisation that installed the app org-wide is one installation (`E:<enterprise>`);
 * any other installation is a workspace's (`T:<enterprise or ->:<team>`), also inside a Grid. A request
 * names which it is (`isEnterpriseInstall`); an enterprise id alone never means the org-wide one, so a
 * workspace of a Grid is looked up by its team, never by its organisation.
 */
import type { SlackInstallationStore } from "../../ports/store";

export interface SlackWorkspace {
  teamId?: string | null;
  enterpriseId?: string | null;
  isEnterpriseInstall?: boolean | null;
}

/** The installation key of a workspace or organisation; null when the request names neither. */
export function slackInstallKey(w: SlackWorkspace): string | null {
  if (w.isEnterpriseInstall === true) return w.enterpriseId ? `E:${w.enterpriseId}` : null;
  return w.teamId ? `T:${w.enterpriseId || "-"}:${w.teamId}` : null;
}

/**
 * The tenant slug of the installation serving this workspace, or null: not installed, uninstalled, or its
 * token revoked. Null is an unknown workspace: refuse it (and audit it), never treat it as staff.
 */
export async function slackTenantOf(installations: SlackInstallationStore, teamId: string | null | undefined, enterpriseId: string | null | undefined, isEnterpriseInstall: boolean): Promise<string | null> {
  const key = slackInstallKey({ teamId, enterpriseId, isEnterpriseInstall });
  if (!key) return null;
  const rec = await installations.get(key);
  return rec && rec.revokedAt === null && rec.botTokenEnc !== null ? rec.tenantId : null;
}
