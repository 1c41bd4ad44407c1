/** Errors the policy raises. Edges (HTTP, Slack, Teams) turn the code into a reply. */
export type ErrorCode = "invalid" | "forbidden" | "not_found" | "conflict";

export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, issues: FieldIssue[] = []) => new DomainError("invalid", message, issues);
export const forbidden = (message: string) => new DomainError("forbidden", message);
export const notFound = (message: string) => new DomainError("not_found", message);
export const conflict = (message: string) => new DomainError("conflict", message);
