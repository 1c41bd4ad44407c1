import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  home: {
    title: "企業連携ボット",
    open: "進行中の連携提案",
    openMine: "担当課の連携提案（進行中・引受待ち）",
    reportsDue: "提出時期の実施状況報告",
    reportFrom: (date: string) => `${date}に依頼予定`,
    reportAsked: "依頼済み・未提出",
    votesWaiting: "あなたの票を待つ審査",
    notListed: "あなたは組織設定の部署・審査会に登録されていないため、役所全体の状況を表示しています。部署の members に登録すると、担当課の業務に絞って表示します。",
    endingSoon: (days: number) => `${days}日以内に終了する協定`,
    none: "（なし）",
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  home: {
    title: "Partnership bot",
    open: "Proposals in progress",
    openMine: "Your departments' proposals (in progress or waiting to be taken up)",
    reportsDue: "Status reports due",
    reportFrom: (date) => `to be requested on ${date}`,
    reportAsked: "requested, not yet received",
    votesWaiting: "Reviews waiting for your vote",
    notListed: "You are not listed in a department or on the board in the organisation config, so this shows the whole office. Listed in a department's members, you would see your department's work.",
    endingSoon: (days) => `Agreements ending within ${days} days`,
    none: "(none)",
  },
});
