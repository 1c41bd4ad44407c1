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
    .min(1, { ...says("入力してください", "is required"), abort: true })
    .max(max, says(`${max}文字以内で入力してください`, `must be at most ${max} characters`))
    // only invisible characters (zero-width spaces, joiners) is nothing typed
    .refine((s) => s.replace(/[\p{Default_Ignorable_Code_Point}\s]/gu, "") !== "", says("入力してください", "is required"));

/**
 * A name or a title: one line, without the controls that reorder text (a right-to-left override can make
 * a company name read as another) — they would also break a CSV row or a chat line.
 */
export const oneLine = (max: number) =>
  requiredText(max).refine((s) => !/[\r\n\u202A-\u202E\u2066-\u2069]/u.test(s), says("改行や文字の向きを変える制御文字は使えません", "must be one line, without direction controls"));

export const proposalInputSchema = z.object({
  company: z.object({
    name: oneLine(200),
    corporateNumber: z
      .string()
      .trim()
      .regex(/^\d{13}$/, says("13桁の数字で入力してください", "must be 13 digits"))
      .refine(isValidCorporateNumber, says("法人番号のチェックディジットが一致しません", "check digit does not match"))
      .optional(),
    contactName: oneLine(100),
    email: z.email(says("メールアドレスの形式で入力してください", "must be an e-mail address")).max(254),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9()\- ]{6,20}$/, says("電話番号の形式で入力してください", "must be a phone number"))
      .optional(),
  }),
  title: oneLine(200),
  summary: requiredText(4000),
  fields: z.array(requiredText(50)).max(20, says("分野は20個までです", "at most 20 fields")).default([]),
  pattern: z.enum(PATTERNS, says(`${PATTERNS.join("、")} のいずれかです`, `must be one of ${PATTERNS.join(", ")}`)),
  costToCity: z.boolean(says("true か false で指定してください", "must be true or false")),
  disaster: z.boolean().optional().default(false),
  desiredStart: z.string().refine(isIsoDate, says("YYYY-MM-DD の日付で入力してください", "must be a date YYYY-MM-DD")).optional(),
  /** the call for proposals it answers (C-0001), from /challenges */
  challenge: z.string().trim().max(20, says("募集番号（C-0001 の形）で指定してください", "must be a call number such as C-0001")).optional(),
});

export type ProposalInput = z.infer<typeof proposalInputSchema>;
