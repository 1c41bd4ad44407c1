/**
 * Per-viewer views: what one person sees of a message that looks different to each viewer (Teams asks
 * for it when a listed viewer opens the card: Universal Actions `refresh`). Keyed by VIEWS, each under
 * its row of the permission table; a refusal is audited like any other.
 */
import { VIEWS, type Actor, type ChatMessage, type ViewId } from "../ports/chat";
import { authorize } from "./permissions";
import { homeView } from "./home/dashboard";
import { roundView } from "./review/round";
import type { Workflow } from "./workflow";

const VIEW: Record<ViewId, (wf: Workflow, value: string, actor: Actor) => Promise<ChatMessage>> = {
  [VIEWS.home]: async (wf, _value, actor) => {
    await authorize(wf.ctx, actor, VIEWS.home, "");
    return homeView(wf.ctx, actor);
  },
  [VIEWS.review]: async (wf, value, actor) => {
    await authorize(wf.ctx, actor, VIEWS.review, value);
    return roundView(wf.ctx, value, actor);
  },
};

export const isViewId = (verb: string): verb is ViewId => Object.hasOwn(VIEW, verb);

export function viewFor(wf: Workflow, view: ViewId, value: string, actor: Actor): Promise<ChatMessage> {
  return VIEW[view](wf, value, actor);
}
