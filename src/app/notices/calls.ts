/** A call for proposals changed, was withdrawn or closed: every company that answered it hears so. */
import type { ChallengeRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";

export type CallChange = "edited" | "extended" | "withdrawn" | "closed";

/** Queues a note to each company that answered `call` (in the caller's transaction). */
export async function noteCallChange(_ctx: AppContext, _r: Repos, _call: ChallengeRecord, _change: CallChange): Promise<void> {
  // filled in by the mail work (issue 24)
}
