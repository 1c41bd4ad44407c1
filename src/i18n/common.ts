/** Words every subject uses: dates, lists, paging, yes/no, the patterns and states of a proposal. */
import type { Pattern, ProposalStatus } from "../domain/proposal";
import type { Place, Words } from "./words";

function ymd(iso: string): { y: number; m: number; d: number; weekday: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(Number);
  return { y, m, d, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}
function jaDate(iso: string): string {
  const v = ymd(iso);
  return v ? `${v.y}年${v.m}月${v.d}日（${"日月火水木金土"[v.weekday]}）` : iso;
}
function enDate(iso: string): string {
  const v = ymd(iso);
  return v ? `${"Sun Mon Tue Wed Thu Fri Sat".split(" ")[v.weekday]} ${v.d} ${"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")[v.m - 1]} ${v.y}` : iso;
}
function jaShortDate(iso: string): string {
  const v = ymd(iso);
  return v ? `${v.y}年${v.m}月${v.d}日` : iso;
}

export const ja = (_: Place) => ({
  pattern: { co_hosting: "事業の共同主催", tech_trial: "先端技術の実証実験", other: "その他の連携" } as Record<Pattern, string>,
  status: {
    routing: "振り分け済み（引き受け待ち）",
    needs_routing: "要再振り分け",
    taken: "担当決定",
    in_review: "審査会で審査中",
    changes_requested: "審査会から差戻し",
    approved: "承認",
    rejected: "否決",
    concluded: "協定締結済み",
    withdrawn: "取り下げ",
  } as Record<ProposalStatus, string>,
  yes: "あり",
  no: "なし",
  /** a calendar day as people read it: 2027年4月1日（木） */
  date: jaDate,
  /** a term: 2026年4月1日（水）〜2028年3月31日（金） */
  term: (from: string, to: string | null) => `${jaDate(from)}〜${to ? jaDate(to) : ""}`,
  /** names in a sentence */
  list: (items: string[]) => items.join("、"),
  more: (n: number, next: string) => `ほか ${n} 件（続きは「${next}」）`,
  moreItems: (n: number) => `ほか ${n} 件`,
  page: (header: string, from: number, to: number, total: number) => `${header}（${total} 件中 ${from}〜${to} 件目）`,
  /** a day in a table, where the weekday is noise: 2027年4月1日 */
  shortDate: jaShortDate,
  /** a name quoted in a sentence: A-0001「…」 */
  quoted: (name: string) => `「${name}」`,
  /** a call for proposals as messages name it: C-0001「…」 */
  call: (number: string, title: string) => `${number}「${title}」`,
  /** an aside after a value: 株式会社○○（1234567890123） */
  aside: (text: string) => `（${text}）`,
  /** from one day to another, as given: 2027-04-01〜2029-03-31 */
  span: (from: string, to: string) => `${from}〜${to}`,
  /** "until" before a date: 〜2027年4月1日（木） */
  until: (date: string) => `〜${date}`,
  /** between a label and its value */
  colon: "：",
  /** the title of a page that came back with errors */
  errorTitle: (title: string) => `エラー：${title}`,
});

export const en = (_: Place): Words<ReturnType<typeof ja>> => ({
  pattern: { co_hosting: "Co-hosted project", tech_trial: "Advanced-technology field trial", other: "Other partnership" },
  status: {
    routing: "Routed (awaiting take-up)",
    needs_routing: "Needs re-routing",
    taken: "Taken up",
    in_review: "Under board review",
    changes_requested: "Changes requested by the board",
    approved: "Approved",
    rejected: "Rejected",
    concluded: "Agreement concluded",
    withdrawn: "Withdrawn",
  },
  yes: "Yes",
  no: "No",
  date: enDate,
  term: (from, to) => `${enDate(from)} – ${to ? enDate(to) : ""}`,
  list: (items) => items.join(", "),
  more: (n, next) => `${n} more (type "${next}" for the next page)`,
  moreItems: (n) => `${n} more`,
  page: (header, from, to, total) => `${header} (${from}–${to} of ${total})`,
  shortDate: (iso) => iso,
  quoted: (name) => ` "${name}"`,
  call: (number, title) => `${number} "${title}"`,
  aside: (text) => ` (${text})`,
  span: (from, to) => `${from} – ${to}`,
  until: (date) => `until ${date}`,
  colon: ": ",
  errorTitle: (title) => `Error: ${title}`,
});
