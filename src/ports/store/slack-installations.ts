/**
 * Slack installations (OAuth mode, many workspaces): one per workspace, or one per Enterprise Grid
 * organisation for an org-wide install, each belonging to one municipality (its tenant slug). Tokens are
 * opaque here: the Slack edge encrypts them before they are stored and decrypts them after.
 */
import type { NewAudit } from "./audit";

export interface SlackInstallationRecord {
  /** E:<enterpriseId> (org-wide), else T:<enterpriseId or ->:<teamId> */
  installKey: string;
  tenantId: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botUserId: string;
  botId: string;
  /** encrypted; null once revoked */
  botTokenEnc: string | null;
  /** encrypted; null without token rotation, or once revoked */
  botRefreshTokenEnc: string | null;
  botTokenExpiresAt: Date | null;
  /** comma-separated, as Slack gives them */
  scopes: string;
  installerUserId: string;
  installedAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

export type NewSlackInstallation = Omit<SlackInstallationRecord, "installedAt" | "updatedAt" | "revokedAt">;

export interface RotatedTokens {
  botTokenEnc: string;
  botRefreshTokenEnc: string;
  botTokenExpiresAt: Date;
}

export interface SlackInstallationStore {
  /** the installation under that key, revoked or not */
  get(installKey: string): Promise<SlackInstallationRecord | null>;
  /**
   * Stores an installation (a reinstall replaces the tokens of the row) with its audit event, in one
   * transaction. `once` is claimed with it (the install link is used up): "used" when it was claimed
   * before. "taken" when the workspace is installed, and not revoked, for another tenant: nothing changes.
   */
  save(rec: NewSlackInstallation, audit: NewAudit, once?: string): Promise<"saved" | "taken" | "used">;
  /**
   * The rotated tokens, only while the row still holds `previousRefreshEnc` and is not revoked (so a
   * late writer can never put back a token another process replaced): false when it did not.
   */
  rotate(installKey: string, tokens: RotatedTokens, previousRefreshEnc: string): Promise<boolean>;
  /** Revoked from `at`, its tokens forgotten, with its audit event; false when there was nothing active to revoke. */
  revoke(installKey: string, at: Date, audit: NewAudit): Promise<boolean>;
  /** Whether `once` (an install link) was used up by an installation already. */
  used(once: string): Promise<boolean>;
  /** The tenant's installations that have a token: org-wide ones first, then the newest. */
  activeOfTenant(tenantId: string): Promise<SlackInstallationRecord[]>;
  /** Any installation that has a token (the start-up check that SLACK_TOKEN_KEY opens them). */
  anyWithToken(): Promise<SlackInstallationRecord | null>;
}
