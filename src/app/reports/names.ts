/**
 * Department and field names as they were: the org config's names are recorded when first seen (at start),
 * and a year's figures name each code as it was named in that year, so an April reorganisation (a
 * department renamed, or merged into another code) does not rewrite last year.
 */
import type { Locale } from "../../i18n";
import type { UnitName } from "../../ports/reports";
import type { AppContext } from "../kernel/context";

/** Records the current org config's department, window and field names (once per name). */
export async function recordUnitNames(ctx: AppContext): Promise<void> {
  const org = ctx.dir.org;
  const names: Array<Omit<UnitName, "seenAt">> = [
    { kind: "department", code: org.window.code, ja: org.window.name.ja, en: org.window.name.en },
    ...org.departments.map((d) => ({ kind: "department" as const, code: d.code, ja: d.name.ja, en: d.name.en })),
    ...org.fields.map((f) => ({ kind: "field" as const, code: f.code, ja: f.name.ja, en: f.name.en })),
  ];
  await ctx.store.reports.recordNames(names, ctx.clock.now());
}

/** Names a code as it was named before `before` (the latest such name), else its first recorded name, else today's. */
export class NamesAt {
  private readonly byCode = new Map<string, UnitName[]>();
  constructor(
    history: readonly UnitName[],
    private readonly before: Date,
    private readonly locale: Locale,
    private readonly today: (kind: UnitName["kind"], code: string) => string,
  ) {
    for (const n of history) {
      const k = `${n.kind}:${n.code}`;
      const list = this.byCode.get(k) ?? [];
      list.push(n);
      this.byCode.set(k, list);
    }
    for (const list of this.byCode.values()) list.sort((a, b) => a.seenAt.getTime() - b.seenAt.getTime());
  }

  name(kind: UnitName["kind"], code: string): string {
    const list = this.byCode.get(`${kind}:${code}`);
    if (!list?.length) return this.today(kind, code);
    const then = list.filter((n) => n.seenAt.getTime() < this.before.getTime()).at(-1) ?? list[0];
    return then[this.locale];
  }
}
