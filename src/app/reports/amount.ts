/** 効果額: the optional estimated amount (yen) on a status report. "1,200,000", "１２０００円" and "" are read. */
import { z } from "zod";
import { says } from "../../i18n";
import { YEN_SUFFIX } from "../../i18n/vocabulary";

export const amountSchema = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number") return v;
    const s = String(v)
      .normalize("NFKC")
      .replace(/[,\s]/g, "")
      .replace(YEN_SUFFIX, "");
    if (s === "") return undefined;
    return /^\d{1,15}$/.test(s) ? Number(s) : Number.NaN;
  },
  z
    .number(says("schema.amount"))
    .int(says("schema.amount"))
    .min(0, says("schema.amount"))
    .max(Number.MAX_SAFE_INTEGER, says("schema.amount"))
    .optional(),
);
