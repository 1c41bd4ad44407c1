/**
 * The Slack installations of OAuth mode, as Bolt's InstallationStore: stored in our database with their
 * municipality (src/db/repositories/slack-installations.ts), tokens encrypted (token-crypto.ts), keyed so
 * that an org-wide install and a workspace install in the same Enterprise Grid are never mixed up
 * (app/tenants/slack-workspace.ts; slackapi/bolt-js#1510).
 *
 * Token rotation is done here, once per installation: a token that expires within REFRESH_MARGIN_MS is
 * exchanged (oauth.v2.access, grant_type=refresh_token) by whoever takes the installation's lease in the
 * database; everyone else, in this process or another, waits for the new token and reads it. A refresh
 * token is single-use: exchanged twice, the second exchange fails and the installation is lost
 * (slackapi/node-slack-sdk#2504). That is also why `fetchInstallation` hands out no refresh token: Bolt's
 * InstallProvider.authorize would otherwise refresh by itself, without the lease.
 */
import { randomUUID } from "node:crypto";
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Logger } from "pino";
import { slackInstallKey, type SlackWorkspace } from "../../app/tenants/slack-workspace";
import type { LeaseStore, NewAudit, SlackInstallationRecord, SlackInstallationStore } from "../../ports/store";
import { verifyInstallLink, type InstallLink } from "./install-link";
import { TokenCipher } from "./token-crypto";

/** refresh a token that expires within this (Bolt's own window is 2 hours) */
export const REFRESH_MARGIN_MS = 2 * 60 * 60 * 1000;
/** the lease covers one oauth.v2.access call and the write after it */
const LEASE_MS = 30_000;
const POLL_MS = 50;
/** how long a request waits for another's refresh while its own token still works (then uses that one) */
const WAIT_WHILE_VALID_MS = 2_000;
/** … and while its token has run out */
const WAIT_WHEN_EXPIRED_MS = 15_000;
/** an install link is checked again when Slack sends the installer back, up to the state's own 10 minutes later */
const LINK_GRACE_MS = 10 * 60 * 1000;

/** What the install link carried through Slack's state (InstallURLOptions.metadata). */
export interface InstallMetadata {
  tenant: string;
  link: string;
}

/** Why an installation is not stored; the install page says so (install.ts). */
export class InstallRefused extends Error {
  override name = "InstallRefused";
  constructor(readonly reason: "link" | "expired" | "used" | "taken" | "incomplete") {
    super(`installation refused: ${reason}`);
  }
}

/** No installation serves this workspace (never installed, uninstalled, or its token revoked). */
export class NotInstalled extends Error {
  override name = "NotInstalled";
  constructor(readonly key: string | null) {
    super(`no Slack installation serves ${key ?? "this request"}`);
  }
}

export interface RefreshAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

export interface SlackInstallationsDeps {
  store: SlackInstallationStore;
  leases: LeaseStore;
  /** SLACK_TOKEN_KEY */
  tokenKey: string;
  /** SLACK_STATE_SECRET: install links are checked again before an installation is stored */
  stateSecret: string;
  /** oauth.v2.access with grant_type=refresh_token */
  refresh(refreshToken: string): Promise<RefreshAnswer>;
  log: Logger;
  /** Slack's clock: token expiry is real time */
  now?: () => Date;
}

/** A usable installation: its row and its bot token in clear (held in memory only). */
export interface ServedInstallation {
  rec: SlackInstallationRecord;
  botToken: string;
}

const isExpiring = (rec: SlackInstallationRecord, now: Date) => rec.botRefreshTokenEnc !== null && rec.botTokenExpiresAt !== null && rec.botTokenExpiresAt.getTime() - now.getTime() <= REFRESH_MARGIN_MS;
const isExpired = (rec: SlackInstallationRecord, now: Date) => rec.botTokenExpiresAt !== null && rec.botTokenExpiresAt.getTime() <= now.getTime();
const active = (rec: SlackInstallationRecord | null): rec is SlackInstallationRecord => rec !== null && rec.revokedAt === null && rec.botTokenEnc !== null;

export class SlackInstallations implements InstallationStore {
  private readonly cipher: TokenCipher;
  private readonly now: () => Date;
  /** refreshes under way in this process, by installation key (the lease covers other processes) */
  private readonly refreshing = new Map<string, Promise<SlackInstallationRecord>>();

  constructor(private readonly deps: SlackInstallationsDeps) {
    this.cipher = new TokenCipher(deps.tokenKey);
    this.now = deps.now ?? (() => new Date());
  }

  /** At start: a key that does not open the stored tokens stops the bot (TokenKeyError) instead of failing every request. */
  async checkKey(): Promise<void> {
    const any = await this.deps.store.anyWithToken();
    if (any) this.cipher.open(any.botTokenEnc!, any.installKey);
  }

  // --- Bolt's InstallationStore ---------------------------------------------------------------------

  /**
   * Stores what the OAuth redirect brought, for the municipality its install link named. The link is
   * checked again here (signature, expiry) and used up in the same transaction as the row and its audit
   * event: without a valid link nothing is stored, whatever called this.
   */
  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const link = this.linkOf(installation.metadata);
    const bot = installation.bot;
    const isEnterpriseInstall = installation.isEnterpriseInstall === true;
    const teamId = installation.team?.id ?? null;
    const enterpriseId = installation.enterprise?.id ?? null;
    const key = slackInstallKey({ teamId, enterpriseId, isEnterpriseInstall });
    if (!bot?.token || !key) throw new InstallRefused("incomplete");
    const rec = {
      installKey: key,
      tenantId: link.tenant,
      teamId,
      enterpriseId,
      isEnterpriseInstall,
      botUserId: bot.userId,
      botId: bot.id,
      botTokenEnc: this.cipher.seal(bot.token, key),
      botRefreshTokenEnc: bot.refreshToken ? this.cipher.seal(bot.refreshToken, key) : null,
      botTokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
      scopes: (bot.scopes ?? []).join(","),
      installerUserId: installation.user.id,
    };
    const event: NewAudit = {
      actor: `slack:${rec.installerUserId}`,
      platform: "slack",
      action: "slack.installed",
      subjectType: "slackInstallation",
      subjectId: key,
      data: { tenant: rec.tenantId, teamId, enterpriseId, isEnterpriseInstall, botUserId: rec.botUserId, scopes: rec.scopes, tokenRotation: rec.botRefreshTokenEnc !== null },
    };
    const saved = await this.deps.store.save(rec, event, linkKey(link.nonce));
    if (saved !== "saved") throw new InstallRefused(saved);
    this.deps.log.info({ installation: key, tenant: rec.tenantId }, "slack installation stored");
  }

  /**
   * The install link an OAuth state carried (its metadata), checked again: signed, not expired (give or
   * take the state's 10 minutes), naming the tenant it claims. InstallRefused otherwise.
   */
  linkOf(metadata: string | undefined): InstallLink {
    const meta = parseMetadata(metadata);
    if (!meta) throw new InstallRefused("link");
    const check = verifyInstallLink(this.deps.stateSecret, meta.link, this.now(), LINK_GRACE_MS);
    if (!check.ok) throw new InstallRefused(check.reason === "expired" ? "expired" : "link");
    if (check.link.tenant !== meta.tenant) throw new InstallRefused("link");
    return check.link;
  }

  /** Before Slack's code is exchanged: the link is valid and not used up yet (storing uses it up, atomically). */
  async checkLink(metadata: string | undefined): Promise<InstallLink> {
    const link = this.linkOf(metadata);
    if (await this.deps.store.used(linkKey(link.nonce))) throw new InstallRefused("used");
    return link;
  }

  /** The installation serving a request, its token fresh (refreshed once if it expires soon); NotInstalled otherwise. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v2", boolean>> {
    const { rec, botToken } = await this.serve(query);
    return {
      team: rec.teamId ? { id: rec.teamId } : undefined,
      enterprise: rec.enterpriseId ? { id: rec.enterpriseId } : undefined,
      user: { token: undefined, scopes: undefined, id: rec.installerUserId },
      // no refreshToken: rotation is this store's (see the top of the file)
      bot: { token: botToken, scopes: rec.scopes ? rec.scopes.split(",") : [], id: rec.botId, userId: rec.botUserId, ...(rec.botTokenExpiresAt ? { expiresAt: Math.floor(rec.botTokenExpiresAt.getTime() / 1000) } : {}) },
      tokenType: "bot",
      isEnterpriseInstall: rec.isEnterpriseInstall,
      authVersion: "v2",
      metadata: JSON.stringify({ tenant: rec.tenantId }),
    };
  }

  /** Marks the installation revoked and forgets its tokens (the row stays for the audit trail). */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.revoke(query, "deleted");
  }

  // --- ours -----------------------------------------------------------------------------------------

  /** The installation serving a workspace (or organisation), with a usable bot token. */
  async serve(w: SlackWorkspace): Promise<ServedInstallation> {
    const key = slackInstallKey(w);
    const rec = key ? await this.deps.store.get(key) : null;
    if (!active(rec)) throw new NotInstalled(key);
    return this.usable(rec);
  }

  /** The bot token of a municipality's installation (its org-wide one first, else its newest): for sending. */
  async botTokenFor(tenantId: string): Promise<string> {
    const [rec] = await this.deps.store.activeOfTenant(tenantId);
    if (!rec) throw new NotInstalled(`tenant ${tenantId}`);
    return (await this.usable(rec)).botToken;
  }

  /**
   * app_uninstalled, tokens_revoked (our only tokens are the bot's), deleteInstallation: the installation
   * is revoked, its tokens forgotten, and that is audited. False when nothing active was there.
   */
  async revoke(w: SlackWorkspace, reason: "app_uninstalled" | "tokens_revoked" | "deleted"): Promise<boolean> {
    const key = slackInstallKey(w);
    if (!key) return false;
    const event: NewAudit = { actor: "slack:slack", platform: "slack", action: reason === "tokens_revoked" ? "slack.tokens_revoked" : "slack.uninstalled", subjectType: "slackInstallation", subjectId: key, data: { reason } };
    const done = await this.deps.store.revoke(key, this.now(), event);
    if (done) this.deps.log.info({ installation: key, reason }, "slack installation revoked");
    return done;
  }

  private async usable(rec: SlackInstallationRecord): Promise<ServedInstallation> {
    const fresh = isExpiring(rec, this.now()) ? await this.refreshOnce(rec) : rec;
    return { rec: fresh, botToken: this.cipher.open(fresh.botTokenEnc!, fresh.installKey) };
  }

  /** One refresh per installation at a time, in this process; the lease makes it one across processes. */
  private refreshOnce(rec: SlackInstallationRecord): Promise<SlackInstallationRecord> {
    let running = this.refreshing.get(rec.installKey);
    if (!running) {
      running = this.refreshShared(rec).finally(() => this.refreshing.delete(rec.installKey));
      this.refreshing.set(rec.installKey, running);
    }
    return running;
  }

  /**
   * Whoever takes the lease reads the row again (another process may have refreshed it meanwhile) and
   * refreshes only if it still needs it; the others read the row until its token is the new one. A
   * request whose token still works waits briefly and then goes on with it; one whose token has run out
   * waits longer, and fails if no new token comes.
   */
  private async refreshShared(start: SlackInstallationRecord): Promise<SlackInstallationRecord> {
    const key = start.installKey;
    const lease = `slack-token-refresh:${key}`;
    const owner = randomUUID();
    const began = Date.now();
    let current = start;
    for (;;) {
      const now = this.now();
      if (await this.deps.leases.acquire(lease, owner, now, new Date(now.getTime() + LEASE_MS))) {
        try {
          const again = await this.deps.store.get(key);
          if (!active(again)) throw new NotInstalled(key);
          if (!isExpiring(again, this.now())) return again;
          return await this.exchange(again);
        } finally {
          await this.deps.leases.release(lease, owner).catch(() => undefined);
        }
      }
      // another process holds it: read what it wrote
      await new Promise((r) => setTimeout(r, POLL_MS));
      const seen = await this.deps.store.get(key);
      if (!active(seen)) throw new NotInstalled(key);
      if (!isExpiring(seen, this.now())) return seen;
      current = seen;
      const waited = Date.now() - began;
      if (!isExpired(current, this.now()) && waited >= WAIT_WHILE_VALID_MS) return current;
      if (waited >= WAIT_WHEN_EXPIRED_MS) throw new Error(`the Slack token of ${key} has expired and no refresh finished in time`);
    }
  }

  private async exchange(rec: SlackInstallationRecord): Promise<SlackInstallationRecord> {
    const key = rec.installKey;
    let answer: RefreshAnswer;
    try {
      answer = await this.deps.refresh(this.cipher.open(rec.botRefreshTokenEnc!, key));
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error ?? (e as Error).message;
      this.deps.log.error({ installation: key, err: code }, "slack token refresh failed");
      // the token may still work for a while: go on with it, the next request tries again
      if (!isExpired(rec, this.now())) return rec;
      throw new Error(`the Slack token of ${key} has expired and could not be refreshed (${code})`);
    }
    if (!answer.access_token || !answer.refresh_token || typeof answer.expires_in !== "number") throw new Error(`oauth.v2.access did not return a new token pair for ${key}`);
    const tokens = {
      botTokenEnc: this.cipher.seal(answer.access_token, key),
      botRefreshTokenEnc: this.cipher.seal(answer.refresh_token, key),
      botTokenExpiresAt: new Date(this.now().getTime() + answer.expires_in * 1000),
    };
    if (!(await this.deps.store.rotate(key, tokens, rec.botRefreshTokenEnc!))) {
      // revoked meanwhile (or written by a process whose lease had run out): the row is the truth
      const now = await this.deps.store.get(key);
      if (!active(now)) throw new NotInstalled(key);
      return now;
    }
    this.deps.log.info({ installation: key, expiresAt: tokens.botTokenExpiresAt.toISOString() }, "slack token refreshed");
    return { ...rec, ...tokens };
  }
}

/** the processed key that uses an install link up */
const linkKey = (nonce: string) => `slack-install-link:${nonce}`;

function parseMetadata(raw: string | undefined): InstallMetadata | null {
  if (!raw) return null;
  try {
    const m = JSON.parse(raw) as Partial<InstallMetadata>;
    return typeof m.tenant === "string" && typeof m.link === "string" ? { tenant: m.tenant, link: m.link } : null;
  } catch {
    return null;
  }
}
