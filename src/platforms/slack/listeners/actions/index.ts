import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import { registerAgreementActions } from "./agreements";
import { registerReviewActions } from "./review";
import { registerRoutingActions } from "./routing";

export function register(app: App, deps: SlackDeps): void {
  registerRoutingActions(app, deps);
  registerReviewActions(app, deps);
  registerAgreementActions(app, deps);
}
