/** Organisation config (departments, window, board, reminders): edited by the office, not in code. */
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { PROJECT_ROOT } from "../paths";
import { parse as parseYaml } from "yaml";
import cron from "node-cron";
import { z } from "zod";
import { SECTION_KEYS } from "../i18n/words";
import { CITY_KINDS, cityKindOf } from "../i18n/vocabulary";
import { ConfigError } from "./env";

const localized = z.object({ ja: z.string().min(1), en: z.string().min(1) });
const slackId = z.string().regex(/^[A-Z][A-Z0-9]{2,}$/, "must be a Slack id such as C0123ABC or U0123ABC");
const teamsChannel = z.string().min(3);
const person = z
  .object({
    id: z.string().min(1).optional(),
    slack: slackId.optional(),
    /** AAD object id of the member in Teams */
    teams: z.string().min(3).optional(),
    name: z.string().min(1),
  })
  .refine((p) => p.slack || p.teams, "needs a slack or teams id");

const department = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and '-'"),
  name: localized,
  slackChannel: slackId.optional(),
  teamsChannel: teamsChannel.optional(),
  fields: z.array(z.string().min(1)).default([]),
  keywords: z.array(z.string().min(1)).default([]),
  /** staff who may act for the department from anywhere (clicks in its channel are accepted too) */
  members: z.array(person).default([]),
});

export const orgSchema = z
  .object({
    window: z.object({
      code: z.string().default("window"),
      /** how every word names the window (the office companies and staff deal with) */
      name: localized,
      slackChannel: slackId.optional(),
      teamsChannel: teamsChannel.optional(),
      members: z.array(person).default([]),
      /** how companies reach the window (the public desk shows it on every page) */
      contact: z
        .object({ phone: z.string().min(1).optional(), email: z.string().min(1).optional(), hours: localized.optional() })
        .optional(),
    }),
    /**
     * The city and its policy, as people name them: in every word the bot says, the privacy and terms
     * pages and the app manifests. `kind` (区, 市, 町, 村) defaults to the last character of the name;
     * `policy.sections` numbers the sections the words cite (left out of the words when not given).
     */
    city: z
      .object(
        {
          name: localized,
          kind: z.enum(CITY_KINDS).optional(),
          policy: localized.extend({ sections: z.partialRecord(z.enum(SECTION_KEYS), z.string().min(1)).default({}) }),
        },
        { error: (i) => (i.input === undefined ? "is required: the city's name (ja/en) and its policy (ja/en), see config/org.example.yml" : undefined) },
      )
      .transform((c, ctx) => {
        const kind = c.kind ?? cityKindOf(c.name.ja);
        if (!kind) {
          ctx.addIssue({ code: "custom", path: ["kind"], message: `cannot be read from the name ${c.name.ja}: set one of ${CITY_KINDS.join(", ")}` });
          return z.NEVER;
        }
        return { ...c, kind };
      }),
    /**
     * 企画課, the policy's author: sees the whole program (the reports page and `report` command, with the
     * window) and gets the scheduled report in its channel (the window's when it has none).
     */
    planning: z
      .object({
        members: z.array(person).default([]),
        slackChannel: slackId.optional(),
        teamsChannel: teamsChannel.optional(),
        /** when the report goes to chat: cron in Asia/Tokyo (default 09:00 on the 1st of each month); "off" for never */
        schedule: z
          .string()
          .default("0 9 1 * *")
          .refine((v) => v === "off" || cron.validate(v), "must be a cron expression (minute hour day month weekday) or off"),
      })
      .default({ members: [], schedule: "0 9 1 * *" }),
    /**
     * 調査: when a survey round of departments' own partnerships and disaster agreements starts by itself
     * (cron in Asia/Tokyo; default 09:00 on 1 June, once a year; "off" for never), and how many days it runs
     */
    surveys: z
      .object({
        schedule: z
          .string()
          .default("0 9 1 6 *")
          .refine((v) => v === "off" || cron.validate(v), "must be a cron expression (minute hour day month weekday) or off"),
        days: z.number().int().min(1).max(365).default(30),
      })
      .default({ schedule: "0 9 1 6 *", days: 30 }),
    /**
     * One municipality of a deployment that serves several (src/app/tenants): whose Teams tenants are its
     * own, and whether its concluded partnerships join the shared register (§4(3)). Its Slack workspaces are
     * those installed through its install link (`tenant slack-install-link`).
     * A single city leaves it out (its Teams tenants are the environment's TEAMS_ALLOWED_TENANTS).
     */
    tenant: z
      .object({
        /** Entra (Azure AD) tenant ids whose Teams activities are this municipality's */
        teamsTenants: z.array(z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be an Entra tenant id (a GUID)")).default([]),
        /** consent to show its concluded partnerships in the deployment's shared register */
        shareRegister: z.boolean().default(false),
      })
      .default({ teamsTenants: [], shareRegister: false }),
    /** the fields (分野) proposals are filed under, by code, with the names people see */
    fields: z.array(z.object({ code: z.string().min(1), name: localized })).default([]),
    departments: z.array(department).min(1),
    board: z.object({
      slackChannel: slackId.optional(),
      teamsChannel: teamsChannel.optional(),
      quorum: z.number().int().min(1),
      deadlineBusinessDays: z.number().int().min(1).max(60).default(10),
      members: z.array(person.and(z.object({ chair: z.boolean().default(false) }))).min(1),
    }),
    reminders: z
      .object({
        expiryLeadDays: z.array(z.number().int().min(1).max(365)).default([90, 60, 30, 7, 1]),
        silenceBusinessDays: z.number().int().min(1).max(60).default(3),
        followUpMonths: z.number().int().min(1).max(24).default(3),
        reportDueBusinessDays: z.number().int().min(1).max(60).default(10),
        voteReminderBusinessDays: z.number().int().min(1).max(30).default(2),
        /** local hour (Asia/Tokyo) reminders are sent at */
        hour: z.number().int().min(0).max(23).default(9),
        closedDays: z.array(z.string().regex(/^\d{2}-\d{2}$/, "must be MM-DD")).default(["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"]),
      })
      .default({
        expiryLeadDays: [90, 60, 30, 7, 1],
        silenceBusinessDays: 3,
        followUpMonths: 3,
        reportDueBusinessDays: 10,
        voteReminderBusinessDays: 2,
        hour: 9,
        closedDays: ["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"],
      }),
  })
  .superRefine((org, ctx) => {
    const seen = new Set<string>();
    org.departments.forEach((d, i) => {
      if (seen.has(d.code) || d.code === org.window.code) {
        ctx.addIssue({ code: "custom", path: ["departments", i, "code"], message: `duplicate department code ${d.code}` });
      }
      seen.add(d.code);
    });
    if (org.board.quorum > org.board.members.length) {
      ctx.addIssue({ code: "custom", path: ["board", "quorum"], message: "is larger than the number of board members" });
    }
    if (!org.window.slackChannel && !org.window.teamsChannel) {
      ctx.addIssue({ code: "custom", path: ["window"], message: "needs slackChannel or teamsChannel" });
    }
  });

export type OrgConfig = z.infer<typeof orgSchema>;
export type DepartmentConfig = z.infer<typeof department>;
export type PersonConfig = z.infer<typeof person>;

/** The stable key of a person: its id, else its Slack id, else its Teams id. */
export function personKey(p: PersonConfig): string {
  return p.id ?? p.slack ?? p.teams!;
}

export function parseOrg(raw: unknown, source = "org config"): OrgConfig {
  const result = orgSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid ${source}: ${lines.join("; ")}`);
  }
  return result.data;
}

export function loadOrg(path: string): OrgConfig {
  return parseOrgText(readFileSync(path, "utf8"), path, extname(path).toLowerCase() === ".json");
}

/** An org config's text (YAML, or JSON) checked as the file would be: a municipality's stored rulebook too. */
export function parseOrgText(text: string, source: string, json = false): OrgConfig {
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`Cannot parse ${source}: ${(e as Error).message}`);
  }
  return parseOrg(raw, source);
}

/** ORG_CONFIG if given; else config/org.yml; else the example shipped with the repo. */
export function resolveOrgPath(explicit: string | undefined): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new ConfigError(`ORG_CONFIG: file not found: ${explicit}`);
    return explicit;
  }
  // the working directory's config/ first (where `npm start` runs), else the project's own (a bot started
  // from another folder with `node /path/to/dist/main.js`)
  const found = (p: string) => (existsSync(p) ? p : existsSync(join(PROJECT_ROOT, p)) ? join(PROJECT_ROOT, p) : null);
  return found("config/org.yml") ?? found("config/org.example.yml") ?? "config/org.example.yml";
}
