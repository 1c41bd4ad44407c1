/** The key figures in words, for chat: the same numbers as the page's first lines. */
import { bold, type ChatMessage, type MessageBlock } from "../../ports/chat";
import { words, type YearReport } from "./figures";

const fmt = (locale: string, n: number | null) => (n === null ? "–" : n.toLocaleString(locale === "en" ? "en-US" : "ja-JP"));

export function summaryLines(r: YearReport): string[] {
  const t = words(r.locale);
  const l = t.summaryLine;
  const k = r.key;
  return [
    l.received(k.received),
    l.conversion(fmt(r.locale, k.conversionRate)),
    l.leadTime(fmt(r.locale, k.decidedMedian), fmt(r.locale, k.decidedP90)),
    l.stale(k.stale),
    l.agreements(k.concluded, k.active, k.ending90),
    l.reports(k.reportsReceived, k.overdue),
    l.effect(fmt(r.locale, k.amount)),
    l.partners(k.partners),
  ];
}

export function summaryMessage(r: YearReport, extra: MessageBlock[] = []): ChatMessage {
  const t = words(r.locale);
  const header = t.summaryHeader(r.label);
  return {
    text: header,
    blocks: [
      { type: "header", text: header },
      { type: "text", text: summaryLines(r).map((x) => `• ${x}`).join("\n") },
      { type: "context", text: t.asOf(r.asOfDay) },
      ...extra,
    ],
  };
}

export { bold };
