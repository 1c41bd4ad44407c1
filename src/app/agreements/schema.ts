/** Agreement input (from the chat form, the CSV import, or a renewal draft being completed). */
import { z } from "zod";
import { isIsoDate } from "../../domain/calendar";
import { isValidCorporateNumber } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";
import { says } from "../../i18n";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, says("schema.maxChars", max))
    .optional()
    .transform((v) => (v ? v : undefined));
const date = () => z.string().refine(isIsoDate, says("schema.date"));

export const agreementInputSchema = z.object({
  proposalId: z.string().optional(),
  draftId: z.string().optional(),
  companyName: z.string().trim().min(1, says("schema.required")).max(200, says("schema.maxChars", 200)),
  corporateNumber: z.string().trim().refine(isValidCorporateNumber, says("schema.checkDigit")).optional(),
  title: z.string().trim().min(1, says("schema.required")).max(200, says("schema.maxChars", 200)),
  pattern: z.enum(PATTERNS, says("schema.oneOf", PATTERNS.join(", "))),
  departmentCode: z.string().min(1, says("schema.choose")),
  startDate: date(),
  endDate: date(),
  costToCity: z.boolean().default(false),
  moneyTerms: optionalText(2000),
  documentUrl: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), says("schema.url")),
  exceptionReason: optionalText(2000),
  notes: optionalText(2000),
  /** §6(3)③: never accepted; present so that a request asking for it gets a clear refusal */
  autoRenew: z.boolean().optional(),
});
export type AgreementInput = z.infer<typeof agreementInputSchema>;

export const noAgreementSchema = z.object({
  consentBy: z.string().trim().min(1, says("schema.required")).max(500, says("schema.maxChars", 500)),
  reason: z.string().trim().min(1, says("schema.required")).max(2000, says("schema.maxChars", 2000)),
});
