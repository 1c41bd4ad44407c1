/** What the vote benchmarks share: a 50-member board and open review rounds to vote in. */
import type { Core } from "../src/core";

export const MEMBERS = 50;
export const member = (m: number) => `U0B${String(m).padStart(3, "0")}`;

/** The org config: one department, the window, a board of MEMBERS (quorum a majority). */
export function boardOrg() {
  return {
    city: { name: { ja: "港区", en: "Minato City" }, policy: { ja: "港区企業連携推進方針", en: "Minato City corporate partnership policy" } },
    window: { name: { ja: "企業連携推進担当", en: "Corporate Partnership Office" }, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
    departments: [{ code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] }],
    board: { slackChannel: "C0BOARD", quorum: MEMBERS / 2 + 1, members: Array.from({ length: MEMBERS }, (_, m) => ({ slack: member(m), name: `委員${m}`, chair: m === 0 })) },
  };
}

/** `count` proposals that cost the city money, taken up: `count` open review rounds (their ids). */
export async function openRounds(core: Pick<Core, "workflow" | "store">, count: number): Promise<string[]> {
  const rounds: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = await core.workflow.submitProposal(
      { company: { name: `株式会社ベンチ${i}`, contactName: "山田", email: "y@example.jp" }, title: `提案${i}`, summary: "費用負担のある提案", fields: ["education"], pattern: "co_hosting", costToCity: true },
      { platform: "api", userId: "bench" },
    );
    const routing = (await core.store.read.routings.listByProposal(p.id))[0];
    await core.workflow.takeUp(routing.id, { opinion: "妥当" }, { platform: "slack", userId: "U0EDU", channelId: "C0EDU" });
    rounds.push((await core.store.read.rounds.listByProposal(p.id))[0].id);
  }
  return rounds;
}
