/** 振り分け: which departments a proposal is sent to, by field and keyword. */

export interface RoutableDepartment {
  code: string;
  fields: readonly string[];
  keywords: readonly string[];
}

export interface RoutableProposal {
  title: string;
  summary: string;
  fields: readonly string[];
}

const norm = (s: string) => s.normalize("NFKC").toLowerCase();

/**
 * Departments whose fields or keywords match, in config order. An empty answer means the window
 * (企業連携推進担当) takes the proposal and routes it by hand.
 */
export function matchDepartments<D extends RoutableDepartment>(p: RoutableProposal, departments: readonly D[]): D[] {
  const fields = new Set(p.fields.map(norm));
  const text = norm(`${p.title}\n${p.summary}`);
  return departments.filter(
    (d) => d.fields.some((f) => fields.has(norm(f))) || d.keywords.some((k) => k.trim() !== "" && text.includes(norm(k))),
  );
}
