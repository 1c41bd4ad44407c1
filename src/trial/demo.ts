/**
 * The local trial: one proposal walked through the office's whole path — received, routed, taken up,
 * decided by the board, concluded as an agreement — on a temporary SQLite database with the configured
 * organisation, printing what each channel would receive. Nothing is sent anywhere and no database of
 * the office is opened, so it is safe to run on any machine, before Slack or Teams is connected.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maxEndDate } from "../domain/agreement";
import { tokyoDate } from "../domain/calendar";
import type { OrgConfig } from "../config/org";
import { parseEnv } from "../config/env";
import { buildCore } from "../core";
import { createLogger } from "../logger";
import { ConsoleChatPort } from "../platforms/console/chat-port";
import { PLATFORMS, type Actor } from "../ports/chat";

export interface DemoResult {
  proposalNumber: string;
  status: string;
}

export async function runDemo(org: OrgConfig, locale: "ja" | "en", print: (line: string) => void): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), "partner-demo-"));
  const env = parseEnv({ DATABASE_URL: `file:${join(dir, "demo.db")}`, LOCALE: locale, LOG_LEVEL: "silent" });
  const core = await buildCore(env, createLogger("silent"), { org });
  try {
    const { ctx, workflow: wf, dispatcher } = core;
    const t = ctx.t;
    const w = t.demo;
    const channelName = (channel: string) => {
      const unit = [org.window, ...org.departments].find((u) => u.slackChannel === channel || u.teamsChannel === channel);
      if (unit) return ctx.dir.unitName(unit.code);
      return org.board.slackChannel === channel || org.board.teamsChannel === channel ? w.board : channel;
    };
    for (const p of PLATFORMS) dispatcher.register(new ConsoleChatPort(p, print, channelName, w.updated), 0);
    const deliver = () => dispatcher.drain(10_000);
    print(w.intro(ctx.dir.org.city.name[locale], join(dir, "demo.db")));

    // 1. a company proposes: a field of the first department that has one, so routing has somewhere to go
    const dept = org.departments.find((d) => d.fields.length > 0 && (d.slackChannel || d.teamsChannel)) ?? org.departments[0];
    print(w.step(1, w.received));
    const submitted = await wf.submitProposal(
      {
        company: { name: w.sample.company, contactName: w.sample.contact, email: "demo@example.invalid" },
        title: w.sample.title,
        summary: w.sample.summary,
        fields: dept.fields.slice(0, 1),
        pattern: "tech_trial",
        costToCity: true,
      },
      { platform: "web", userId: "public-desk" },
    );
    await deliver();

    // 2. the department takes it up from its own channel, with its opinion (it costs money: the board decides)
    const routings = await ctx.store.read.routings.listByProposal(submitted.id);
    const routing = routings.find((r) => r.departmentCode === dept.code) ?? routings[0];
    const [home] = ctx.dir.channels(routing.departmentCode);
    const staff: Actor = { platform: home.platform, userId: "demo-staff", channelId: home.channel };
    print(w.step(2, w.takenUp(ctx.dir.unitName(routing.departmentCode))));
    await wf.takeUp(routing.id, { opinion: w.sample.opinion }, staff);
    await deliver();

    // 3. board members approve, one by one, until the round decides itself
    const members = ctx.dir.boardMembers();
    if (members.length === 0) print(w.noBoard);
    let step = 3;
    for (const m of members) {
      const round = (await ctx.store.read.rounds.listByProposal(submitted.id)).find((r) => r.state === "open");
      if (!round) break;
      print(w.step(step++, w.voted(m.name)));
      const who: Actor = m.slack ? { platform: "slack", userId: m.slack } : { platform: "teams", userId: m.teams! };
      await wf.vote(round.id, { choice: "approve" }, who);
      await deliver();
    }

    // 4. the owning department concludes the agreement, two years at most (§6(3))
    const view = await wf.proposalView(submitted.id);
    if (view.status === "approved") {
      print(w.step(step, w.concluded));
      const start = tokyoDate(ctx.clock.now());
      await wf.registerAgreement(
        {
          proposalId: submitted.id,
          companyName: w.sample.company,
          title: w.sample.agreement,
          pattern: "tech_trial",
          departmentCode: routing.departmentCode,
          startDate: start,
          endDate: maxEndDate(start),
          costToCity: true,
        },
        staff,
      );
      await deliver();
    }
    const final = await wf.proposalView(submitted.id);
    print(w.done(final.number, t.status[final.status]));
    return { proposalNumber: final.number, status: final.status };
  } finally {
    core.dispatcher.stop();
    await core.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
