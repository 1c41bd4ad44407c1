/** The core without any edge: database, organisation, context, use cases and the outbox. */
import type { Logger } from "pino";
import { newCalendar, systemClock, type AppContext, type Clock } from "./app/kernel/context";
import { loadChannelBindings } from "./app/channels/bind";
import { OrgDirectory } from "./app/kernel/org-directory";
import { OutboxDispatcher } from "./app/outbox/dispatcher";
import { createWorkflow, type Workflow } from "./app/workflow";
import { allowedTenants, mailEnabled, type Env } from "./config/env";
import { loadOrg, parseOrgText, resolveOrgPath, type OrgConfig } from "./config/org";
import { Municipalities } from "./app/tenants/registry";
import { SharedRegister } from "./app/shared-register/register";
import { migrate } from "./db/migrate";
import { openStore } from "./db/open";
import { databaseUrl } from "./db/url";
import { PrismaStore } from "./db/store";
import { messages } from "./i18n";

export interface CoreOptions {
  clock?: Clock;
  org?: OrgConfig;
  /** skip `prisma migrate deploy` (tests copy an already-migrated database) */
  skipMigrations?: boolean;
}

export interface Core {
  store: PrismaStore;
  /** every municipality of the deployment, the default one (this core's ctx and workflow) first */
  municipalities: Municipalities;
  /** the register shared across the consenting municipalities (§4(3)); every municipality's context has it */
  shared: SharedRegister;
  ctx: AppContext;
  workflow: Workflow;
  dispatcher: OutboxDispatcher;
  clock: Clock;
  /** the org config file loaded (none when the caller gave the config itself) */
  orgPath?: string;
}

export async function buildCore(env: Env, log: Logger, opts: CoreOptions = {}): Promise<Core> {
  const orgPath = opts.org ? undefined : resolveOrgPath(env.ORG_CONFIG);
  const org = opts.org ?? loadOrg(orgPath!);
  const url = databaseUrl(env.DATABASE_URL);
  if (!opts.skipMigrations) await migrate(url);
  const store = await openStore(url, env.DATABASE_POOL_SIZE);
  const clock = opts.clock ?? systemClock;
  const dispatcher = new OutboxDispatcher(store, clock, log.child({ part: "outbox" }));
  // over every municipality, read when asked (the registry below is filled after the contexts are made)
  const shared = new SharedRegister(() => municipalities.slugs().map((slug) => ({ slug, ctx: municipalities.get(slug)!.ctx })));
  const ctx: AppContext = {
    store,
    dir: new OrgDirectory(org, env.LOCALE),
    t: messages(env.LOCALE, org),
    clock,
    calendar: newCalendar(org.reminders.closedDays),
    mail: mailEnabled(env),
    afterCommit: () => dispatcher.kick(),
    log: log.child({ part: "core" }),
    shared,
  };
  await loadChannelBindings(ctx);
  const workflow = createWorkflow(ctx);
  const municipalities = new Municipalities(workflow, allowedTenants(env));
  for (const row of await store.municipalities.list()) {
    municipalities.add(row.slug, await municipalityWorkflow(ctx, row.slug, parseOrgText(row.config, `municipality ${row.slug}`), env, log));
  }
  return { store, ctx, workflow, dispatcher, clock, orgPath, municipalities, shared };
}

/**
 * A municipality's own context: its rulebook, words and calendar, and the store seen as it (every query
 * names it). The clock, the outbox and the log are the deployment's; a commit kicks the same dispatchers.
 */
export async function municipalityWorkflow(home: AppContext, slug: string, org: OrgConfig, env: Env, log: Logger): Promise<Workflow> {
  const ctx: AppContext = {
    ...home,
    store: (home.store as PrismaStore).forTenant(slug),
    dir: new OrgDirectory(org, env.LOCALE),
    t: messages(env.LOCALE, org),
    calendar: newCalendar(org.reminders.closedDays),
    afterCommit: () => home.afterCommit(),
    log: log.child({ part: "core", tenant: slug }),
  };
  await loadChannelBindings(ctx);
  return createWorkflow(ctx);
}
