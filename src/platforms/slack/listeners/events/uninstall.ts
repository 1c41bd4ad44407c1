/**
 * OAuth mode: Slack says the app was removed (app_uninstalled) or its tokens revoked (tokens_revoked).
 * Bolt runs these without authorize (there is no token left to find). The installation of that workspace
 * or organisation is revoked and its tokens forgotten, and that is audited: from then on its requests are
 * refused and the outbox has no token to send with. Our only tokens are the bot's, so a tokens_revoked
 * naming the bot revokes the installation; one naming only user tokens changes nothing.
 */
import type { App, Context } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import type { SlackInstallations } from "../../installations";

/** The workspace or organisation an event came from, as Bolt found it (authorizations[0]). */
function workspaceOf(context: Context) {
  return { teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall };
}

export function registerUninstall(app: App, deps: SlackDeps, installations: SlackInstallations): void {
  app.event("app_uninstalled", async ({ context }) => {
    await installations.revoke(workspaceOf(context), "app_uninstalled").catch((e) => deps.log.error({ err: (e as Error).message }, "could not revoke an uninstalled slack installation"));
  });
  app.event("tokens_revoked", async ({ event, context }) => {
    if (!(event.tokens.bot ?? []).length) return;
    await installations.revoke(workspaceOf(context), "tokens_revoked").catch((e) => deps.log.error({ err: (e as Error).message }, "could not revoke a slack installation's tokens"));
  });
}
