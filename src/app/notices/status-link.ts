/** A company lost its status link: it gives its proposal number and the e-mail it used, and gets a new link by mail. */
import type { AppContext } from "../kernel/context";

export interface StatusLinkRequest {
  /** the proposal number as the company types it (P-0001, 1, Ｐ－０００１) */
  number: string;
  email: string;
  /** the language of the page it asked from */
  locale: "ja" | "en";
}

/**
 * Never tells whether the pair exists (the same answer, the same work either way); when it does, the old
 * link stops working and a new one is mailed.
 */
export async function requestStatusLink(_ctx: AppContext, _req: StatusLinkRequest): Promise<void> {
  // filled in by the mail work (issue 24)
}
