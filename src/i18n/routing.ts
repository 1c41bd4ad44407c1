import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  routingState: { pending: "引き受け待ち", taken: "担当", returned: "対象外として返送", closed: "終了" } as Record<string, string>,
  routedTo: "振り分け先",
  take: "担当する",
  sendBack: "担当外として返す",
  reroute: "振り分け直す",
  toBoard: "審査会に付議",
  routingHeader: (n: string) => `連携提案 ${n} の引き受け依頼`,
  routingAsk: "この提案を担当できるか確認し、「担当する」か「担当外として返す」を押してください。やりとりはこのスレッドでどうぞ。",
  windowOnlyNote: "どの部署の分野にも当たらなかったため、窓口で振り分けてください。",
  takenBy: (dept: string, user: string) => `${dept} が担当します（${user}）`,
  takenContext: (dept: string) => `担当: ${dept}`,
  returnedBy: (dept: string, reason: string) => `${dept} は担当外として返しました。理由: ${reason}`,
  allReturned: "すべての振り分け先が担当外としました。窓口で振り分け直してください。",
  rerouted: (depts: string) => `窓口が振り分け直しました: ${depts}`,
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  routingState: { pending: "Awaiting take-up", taken: "Owner", returned: "Sent back", closed: "Closed" },
  routedTo: "Routed to",
  take: "Take it up",
  sendBack: "Not ours",
  reroute: "Re-route",
  toBoard: "Send to the board",
  routingHeader: (n) => `Please take up proposal ${n}`,
  routingAsk: "Can your department own this proposal? Press \"Take it up\" or \"Not ours\". Discuss in this thread.",
  windowOnlyNote: "No department's fields matched: please route it by hand.",
  takenBy: (dept, user) => `${dept} takes it up (${user})`,
  takenContext: (dept) => `Owner: ${dept}`,
  returnedBy: (dept, reason) => `${dept} sent it back as not theirs. Reason: ${reason}`,
  allReturned: "Every department sent it back. The window needs to re-route it.",
  rerouted: (depts) => `The window re-routed it to: ${depts}`,
});
