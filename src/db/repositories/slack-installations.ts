/**
 * Slack installations (OAuth mode): outside use cases, like the lease and conversation stores. Saving and
 * revoking write their audit event in the same transaction; rotating a token is a conditional update, so
 * of two processes only the one that read the current refresh token can write the next.
 */
import { randomUUID } from "node:crypto";
import type { NewAudit, SlackInstallationStore } from "../../ports/store";
import type { DbAccess, Tx } from "../db";
import { audit } from "./audit";
import { processedKeys } from "./processed-keys";

export function slackInstallationStore({ reader: r, write: w, transaction }: DbAccess): SlackInstallationStore {
  // installing and revoking are the deployment operator's acts: the default municipality's trail
  const addAudit = (d: Tx, e: NewAudit) => audit(d, "default").add(e);
  return {
    get: async (installKey) => r.slackInstallation.findUnique({ where: { installKey } }),
    save: async (rec, event, once) =>
      transaction(
        async (d) => {
          const existing = await d.slackInstallation.findUnique({ where: { installKey: rec.installKey }, select: { tenantId: true, revokedAt: true } });
          // a workspace installed for one municipality never moves to another by a new install
          if (existing && existing.revokedAt === null && existing.tenantId !== rec.tenantId) return "taken" as const;
          if (once !== undefined && !(await processedKeys(d, "default").claim(once))) return "used" as const;
          const data = { ...rec, revokedAt: null };
          await d.slackInstallation.upsert({ where: { installKey: rec.installKey }, create: { id: randomUUID(), ...data }, update: { ...data, installedAt: new Date() } });
          await addAudit(d, event);
          return "saved" as const;
        },
        [`slackInstallation:${rec.installKey}`, ...(once ? [`key:${once}`] : [])],
      ),
    rotate: async (installKey, tokens, previousRefreshEnc) => {
      const done = await w((d) => d.slackInstallation.updateMany({ where: { installKey, botRefreshTokenEnc: previousRefreshEnc, revokedAt: null }, data: tokens }));
      return done.count === 1;
    },
    revoke: async (installKey, at, event) =>
      transaction(
        async (d) => {
          const done = await d.slackInstallation.updateMany({ where: { installKey, revokedAt: null }, data: { revokedAt: at, botTokenEnc: null, botRefreshTokenEnc: null, botTokenExpiresAt: null } });
          if (done.count === 0) return false;
          await addAudit(d, event);
          return true;
        },
        [`slackInstallation:${installKey}`],
      ),
    used: async (once) => (await r.processedKey.findUnique({ where: { key: once }, select: { key: true } })) !== null,
    activeOfTenant: async (tenantId) =>
      r.slackInstallation.findMany({ where: { tenantId, revokedAt: null, botTokenEnc: { not: null } }, orderBy: [{ isEnterpriseInstall: "desc" }, { installedAt: "desc" }] }),
    anyWithToken: async () => r.slackInstallation.findFirst({ where: { botTokenEnc: { not: null } } }),
  };
}
