/** Agreement input (from the chat form, the CSV import, or a renewal draft being completed). */
import { z } from "zod";
import { isIsoDate } from "../../domain/calendar";
import { isValidCorporateNumber } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));
const date = (label: string) => z.string().refine(isIsoDate, `${label}は YYYY-MM-DD の日付で入力してください`);

export const agreementInputSchema = z.object({
  proposalId: z.string().optional(),
  draftId: z.string().optional(),
  companyName: z.string().trim().min(1, "相手方を入力してください").max(200),
  corporateNumber: z.string().trim().refine(isValidCorporateNumber, "法人番号のチェックディジットが一致しません").optional(),
  title: z.string().trim().min(1, "協定名を入力してください").max(200),
  pattern: z.enum(PATTERNS, { error: `連携パターンは ${PATTERNS.join(", ")} のいずれかです` }),
  departmentCode: z.string().min(1, "担当部署を選んでください"),
  startDate: date("開始日"),
  endDate: date("終了日"),
  costToCity: z.boolean().default(false),
  moneyTerms: optionalText(2000),
  documentUrl: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), "リンクは http(s):// で始まるURLです"),
  exceptionReason: optionalText(2000),
  notes: optionalText(2000),
  /** §6(3)③: never accepted; present so that a request asking for it gets a clear refusal */
  autoRenew: z.boolean().optional(),
});
export type AgreementInput = z.infer<typeof agreementInputSchema>;

export const noAgreementSchema = z.object({
  consentBy: z.string().trim().min(1, "合意した人を入力してください / who agreed is required").max(500),
  reason: z.string().trim().min(1, "理由を入力してください / a reason is required").max(2000),
});
