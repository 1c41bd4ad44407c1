import { enRef, jaRef, type Place, type Words } from "./words";

export const ja = (p: Place) => ({
  reminder: {
    late: "（停止中に期日を過ぎたため遅れて送信）",
    expiry: (n: string, title: string, end: string, days: number) => `協定 ${n}「${title}」は${end}に終了します（あと${days}日）。`,
    expiryAsk: `この協定は自動更新されません${jaRef(p, "noRenewal")}。継続する場合は「更新の協議を始める」、終了する場合は「更新せず終了する」を押してください。`,
    ended: (n: string, title: string, end: string) => `協定 ${n}「${title}」は本日${end}で協定期間が終了しました。`,
    endedRenewed: (next: string) => `後継の協定 ${next} が引き継ぎます。`,
    silence: (n: string, title: string, days: number) => `連携提案 ${n}「${title}」の引き受け依頼から${days}営業日が過ぎました。担当できるか確認してください。`,
    escalation: (n: string, title: string, dept: string) => `連携提案 ${n}「${title}」は ${dept} でまだ引き受けられていません。窓口で確認してください。`,
    vote: (n: string, names: string, deadline: string) => `審査 ${n} の締切は${deadline}です。まだ投票していない委員: ${names}`,
    followup: (n: string, title: string) => `協定 ${n}「${title}」の実施状況を報告してください${jaRef(p, "followUp")}。`,
    followupEnd: (n: string, title: string) => `協定 ${n}「${title}」の期間が終わります。最終の実施状況を報告してください${jaRef(p, "followUp")}。`,
    chase: (n: string, title: string) => `協定 ${n}「${title}」の実施状況報告がまだ届いていません。報告をお願いします。`,
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  reminder: {
    late: "(sent late: it fell due while the bot was down)",
    expiry: (n, title, end, days) => `Agreement ${n} "${title}" ends on ${end} (in ${days} days).`,
    expiryAsk: `It does not renew by itself${enRef(p, "noRenewal")}. Press "Start renewal consultation" to continue, or "Let it end".`,
    ended: (n, title, end) => `Agreement ${n} "${title}" reached the end of its term today (${end}).`,
    endedRenewed: (next) => `The successor agreement ${next} takes over.`,
    silence: (n, title, days) => `Proposal ${n} "${title}" has waited ${days} business days. Can your department take it up?`,
    escalation: (n, title, dept) => `Proposal ${n} "${title}" is still not taken up by ${dept}. Please follow up.`,
    vote: (n, names, deadline) => `The review of ${n} closes on ${deadline}. Not yet voted: ${names}`,
    followup: (n, title) => `Please report the implementation status of agreement ${n} "${title}"${enRef(p, "followUp")}.`,
    followupEnd: (n, title) => `Agreement ${n} "${title}" is ending. Please give a final implementation status report${enRef(p, "followUp")}.`,
    chase: (n, title) => `The status report for agreement ${n} "${title}" has not arrived yet. Please send it.`,
  },
});
