/**
 * Errors the policy raises. They carry codes, never sentences: `reason` names a word in src/i18n
 * (`"agreement.terms.overTwoYears"`) and `params` fills it, so each edge (HTTP, Slack, Teams, the desk,
 * the CLI) words the refusal in its reader's language.
 */
export type ErrorCode = "invalid" | "forbidden" | "not_found" | "conflict";

/** The arguments of the word `reason` names, in its order. */
export type Params = ReadonlyArray<string | number>;

export interface Reason {
  reason: string;
  params?: Params;
}

export interface FieldIssue extends Reason {
  path: string;
  /** the code of the field's name, when the message is shown away from its field ("form.companyName") */
  label?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly params: Params = [],
    readonly issues: FieldIssue[] = [],
  ) {
    super(reason);
    this.name = "DomainError";
  }
}

export const invalid = (reason: string, params: Params = [], issues: FieldIssue[] = []) => new DomainError("invalid", reason, params, issues);
/** A refusal that concerns one field: the whole error and its field say the same. */
export const invalidField = (path: string, reason: string, params: Params = []) => invalid(reason, params, [{ path, reason, params }]);
export const forbidden = (reason = "errors.forbidden") => new DomainError("forbidden", reason);
export const notFound = (reason = "errors.notFound", params: Params = []) => new DomainError("not_found", reason, params);
export const conflict = (reason: string, params: Params = []) => new DomainError("conflict", reason, params);
