/**
 * The scheduled report (planning.schedule, monthly by default): the key figures in text and one chart as
 * a PNG, to the planning division's channel (the window's when it has none), through the outbox like
 * every other message (persisted with the change, sent once). The PNG is stored and served at a signed,
 * unguessable URL of the bot's own; its id comes from the day's key, so two processes on the same tick
 * store one image and queue one message.
 */
import { encodeMessageKey, type MessageKey } from "../outbox/keys";
import { createHash } from "node:crypto";
import { tokyoDate } from "../../domain/calendar";
import { SYSTEM } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import type { ChannelAddress } from "../kernel/org-directory";
import { postTo } from "../outbox/post";
import { chartPng, describeChart } from "./charts";
import { fiscalYearOf } from "./fiscal-year";
import { words, yearReport } from "./figures";
import { imageSig, type ReportsKeys } from "./links";
import { summaryMessage } from "./summary";

/** the figure drawn in chat */
export const SCHEDULED_FIGURE = "outcomes";

export function planningChannels(ctx: AppContext): ChannelAddress[] {
  const p = ctx.dir.org.planning;
  const own: ChannelAddress[] = [
    ...(p.slackChannel ? [{ platform: "slack" as const, channel: p.slackChannel }] : []),
    ...(p.teamsChannel ? [{ platform: "teams" as const, channel: p.teamsChannel }] : []),
  ];
  return own.length ? own : ctx.dir.windowChannels();
}

export async function postScheduledReport(ctx: AppContext, settings: { keys: ReportsKeys; baseUrl: string }, now: Date): Promise<{ key: string; fiscalYear: number }> {
  // on the 1st of April the year that has just ended is the one to report
  const fiscalYear = fiscalYearOf(new Date(now.getTime() - 86_400_000));
  const report = await yearReport(ctx, fiscalYear);
  const messageKey: MessageKey = { kind: "scheduled-report", day: tokyoDate(now) };
  const key = encodeMessageKey(messageKey);
  const figure = report.figures.find((f) => f.id === SCHEDULED_FIGURE)!;
  const id = createHash("sha256").update(settings.keys.sign(`image-of.${key}`)).digest("hex").slice(0, 32);
  await ctx.store.reports.saveImage(id, await chartPng(figure, report.locale));
  const url = `${settings.baseUrl}/reports/images/${id}.png?sig=${imageSig(settings.keys, id)}`;
  const message = summaryMessage(report, [
    { type: "image", url, alt: describeChart(figure, report.locale) },
    { type: "context", text: words(report.locale).scheduledNote },
  ]);
  await commit(ctx, async (r) => {
    await audit(r, SYSTEM, { action: "reports.scheduled", subjectType: "report", subjectId: key, data: { fiscalYear } });
    await postTo(r, planningChannels(ctx), messageKey, message);
  });
  return { key, fiscalYear };
}
