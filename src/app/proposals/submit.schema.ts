/** The shape of a proposal as it arrives (web form via the intake API, or staff in chat). */
import { domainToASCII } from "node:url";
import { z } from "zod";
import { isIsoDate } from "../../domain/calendar";
import { isValidCorporateNumber } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";
import { says } from "../../i18n";

/** An address whose domain is not ASCII, with its domain in punycode; anything else as it is. */
export function asciiDomain(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const at = v.lastIndexOf("@");
  const domain = at < 0 ? "" : v.slice(at + 1).trim();
  if (!domain || /^[\x00-\x7f]*$/.test(domain)) return v;
  const ascii = domainToASCII(domain.normalize("NFKC"));
  return ascii ? `${v.slice(0, at)}@${ascii}` : v;
}

/** Required text of at most `max` characters, trimmed, with messages in the configured language. */
export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    // abort: an empty value is said once, not again by the checks below (a 400 listed `title` twice)
    .min(1, { ...says("schema.required"), abort: true })
    .max(max, says("schema.maxChars", max))
    // only invisible characters (zero-width spaces, joiners) is nothing typed
    .refine((s) => s.replace(/[\p{Default_Ignorable_Code_Point}\s]/gu, "") !== "", says("schema.required"));

/**
 * What a one-line field refuses: line ends of every kind (CR, LF, NEL and the other C1 controls, the line
 * and paragraph separators U+2028/U+2029) and the marks and controls that reorder text (LRM, RLM, ALM,
 * embeddings, overrides, isolates): a right-to-left override can make a company name read as another,
 * and any of them would break a CSV row or a chat line.
 */
export const NOT_ONE_LINE = /[\r\n\u0080-\u009F\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

/** A name or a title: one line, without the controls that reorder text. */
export const oneLine = (max: number) => requiredText(max).refine((s) => !NOT_ONE_LINE.test(s), says("schema.oneLine"));

export const proposalInputSchema = z.object({
  company: z.object({
    name: oneLine(200),
    corporateNumber: z
      .string()
      .trim()
      .regex(/^\d{13}$/, says("schema.digits13"))
      .refine(isValidCorporateNumber, says("schema.checkDigit"))
      .optional(),
    contactName: oneLine(100),
    // at most 64 before the @ (RFC 5321): a relay refuses more, and the receipt would never arrive; a
    // domain typed in Japanese (例え.jp) is kept as the DNS knows it (xn--…), what every relay accepts
    email: z.preprocess(asciiDomain, z.email(says("schema.email")).max(254).refine((e) => e.lastIndexOf("@") <= 64, says("schema.email"))),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9()\- ]{6,20}$/, says("schema.phone"))
      .optional(),
  }),
  title: oneLine(200),
  summary: requiredText(4000),
  fields: z.array(requiredText(50)).max(20, says("schema.maxItems", 20)).default([]),
  pattern: z.enum(PATTERNS, says("schema.oneOf", PATTERNS.join(", "))),
  costToCity: z.boolean(says("schema.trueFalse")),
  disaster: z.boolean().optional().default(false),
  desiredStart: z.string().refine(isIsoDate, says("schema.date")).optional(),
  /** the call for proposals it answers (C-0001), from /challenges */
  challenge: z.string().trim().max(20, says("schema.callNumber")).optional(),
  /** the language the company wrote in (the desk page it used): its mail is in it */
  locale: z.enum(["ja", "en"]).optional(),
});

export type ProposalInput = z.infer<typeof proposalInputSchema>;

const forOrg = new WeakMap<object, typeof proposalInputSchema>();

/**
 * The intake schema for one organisation: only the fields (分野) its config offers are accepted, from the
 * desk, the API and chat alike (anything else would be stored and shown as a field nobody configured).
 * `known` is the org's field codes; `key` the object they belong to (one schema per org config).
 */
export function proposalInputSchemaFor(key: object, known: readonly string[]): typeof proposalInputSchema {
  let schema = forOrg.get(key);
  if (!schema) {
    const codes = new Set(known);
    schema = proposalInputSchema.extend({
      fields: z
        .array(requiredText(50).refine((c) => codes.has(c), { error: (issue) => says("schema.unknownField", String(issue.input)).error() }))
        .max(20, says("schema.maxItems", 20))
        .default([]),
    }) as unknown as typeof proposalInputSchema;
    forOrg.set(key, schema);
  }
  return schema;
}

/** The intake schema of the organisation `dir` serves (its field codes), one per directory. */
export const proposalSchemaOf = (dir: { fieldOptions(): ReadonlyArray<{ value: string }> }) =>
  proposalInputSchemaFor(dir, dir.fieldOptions().map((f) => f.value));
