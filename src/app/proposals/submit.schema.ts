/** The shape of a proposal as it arrives (web form via the intake API, or staff in chat). */
import { z } from "zod";
import { isIsoDate } from "../../domain/calendar";
import { isValidCorporateNumber } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";
import { says } from "../../i18n";

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
 * A name or a title: one line, without the controls that reorder text (a right-to-left override can make
 * a company name read as another) — they would also break a CSV row or a chat line.
 */
export const oneLine = (max: number) =>
  requiredText(max).refine((s) => !/[\r\n\u202A-\u202E\u2066-\u2069]/u.test(s), says("schema.oneLine"));

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
    email: z.email(says("schema.email")).max(254),
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
