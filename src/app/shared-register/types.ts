/**
 * What the shared register is to the rest of the app (kernel/context.ts holds one): types only, so the
 * context needs nothing of the register's code (no import cycle through the use cases it reads).
 */
import type { Pattern } from "../../domain/proposal";

type Names = { ja: string; en: string };

/** A concluded partnership as the shared register shows it: its municipality's public record, nothing more. */
export interface SharedPartnership {
  municipality: { slug: string; name: Names };
  number: string;
  company: string;
  corporateNumber: string | null;
  title: string;
  pattern: Pattern;
  fields: Array<{ code: string; name: Names }>;
  department: { code: string; name: Names };
  startDate: string;
  endDate: string | null;
  state: "active" | "ended";
}

/** The search a municipality's staff make (null: the asking municipality has not consented). */
export interface SharedSearch<Asker> {
  search(asker: Asker, query: string): Promise<SharedPartnership[] | null>;
}
