/** The shape of a proposal as it arrives (web form via the intake API, or staff in chat). */
import { z } from "zod";
import { isIsoDate } from "../domain/calendar";
import { isValidCorporateNumber } from "../domain/company";
import { PATTERNS } from "../domain/proposal";

const text = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);

export const proposalInputSchema = z.object({
  company: z.object({
    name: text(200),
    corporateNumber: z
      .string()
      .trim()
      .regex(/^\d{13}$/, "must be 13 digits")
      .refine(isValidCorporateNumber, "check digit does not match (法人番号のチェックディジットが一致しません)")
      .optional(),
    contactName: text(100),
    email: z.email("must be an e-mail address").max(254),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9()\- ]{6,20}$/, "must be a phone number")
      .optional(),
  }),
  title: text(200),
  summary: text(4000),
  fields: z.array(text(50)).max(20, "at most 20 fields").default([]),
  pattern: z.enum(PATTERNS, { error: `must be one of ${PATTERNS.join(", ")}` }),
  costToCity: z.boolean({ error: "must be true or false" }),
  disaster: z.boolean().optional().default(false),
  desiredStart: z.string().refine(isIsoDate, "must be a date YYYY-MM-DD").optional(),
});

export type ProposalInput = z.infer<typeof proposalInputSchema>;
