import { parseOrg, type OrgConfig } from "../../src/config/org";

/** The city of the tests: Minato's names and its policy's numbering (config/org.example.yml). */
export const MINATO = {
  name: { ja: "港区", en: "Minato City" },
  policy: {
    ja: "港区企業連携推進方針",
    en: "Minato City corporate partnership policy",
    sections: { pattern: "第5", agreement: "第6(3)", term: "第6(3)②", noRenewal: "第6(3)③", followUp: "第6(4)②③", disaster: "第3", board: "第5(1)", devCost: "第5(2)" },
  },
};
export const WINDOW_NAME = { ja: "企業連携推進担当", en: "Corporate Partnership Office" };

/** A small organisation for tests: two departments, the window, a five-member board (quorum 3). */
export function testOrg(overrides: Partial<Record<keyof OrgConfig, unknown>> = {}): OrgConfig {
  return parseOrg({
    city: MINATO,
    window: { name: WINDOW_NAME, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
    planning: { members: [{ slack: "U0PLAN", name: "企画課" }], slackChannel: "C0PLAN" },
    departments: [
      { code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"], keywords: ["学校"] },
      { code: "public-health", name: { ja: "みなと保健所", en: "Public Health" }, slackChannel: "C0HEALTH", fields: ["health"], keywords: ["がん"] },
    ],
    board: {
      slackChannel: "C0BOARD",
      quorum: 3,
      members: [
        { slack: "U0CHAIR", name: "審査会長", chair: true },
        { slack: "U0M1", name: "委員1" },
        { slack: "U0M2", name: "委員2" },
        { slack: "U0M3", name: "委員3" },
        { slack: "U0M4", name: "委員4" },
      ],
    },
    reminders: {},
    ...overrides,
  });
}

export const HEALTH_TEAMS = "19:health-channel@thread.tacv2";
export const BOARD_TEAMS = "19:board-channel@thread.tacv2";

/** One city on both platforms: education and the window on Slack, public health on Teams, the board on both. */
export function mixedOrg(): OrgConfig {
  return parseOrg({
    city: MINATO,
    window: { name: WINDOW_NAME, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }, { teams: "aad-window", name: "窓口（Teams）" }] },
    departments: [
      { code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] },
      { code: "public-health", name: { ja: "みなと保健所", en: "Public Health" }, teamsChannel: HEALTH_TEAMS, fields: ["health"], members: [{ teams: "aad-health-lead", name: "保健所 係長" }] },
      { code: "environment", name: { ja: "環境課", en: "Environment" }, fields: ["environment"] },
    ],
    board: {
      slackChannel: "C0BOARD",
      teamsChannel: BOARD_TEAMS,
      quorum: 3,
      members: [
        { teams: "aad-chair", name: "審査会長", chair: true },
        { teams: "aad-m1", name: "委員1" },
        { slack: "U0M2", name: "委員2" },
        { slack: "U0M3", name: "委員3" },
        { teams: "aad-m4", name: "委員4" },
      ],
    },
    reminders: {},
  });
}
