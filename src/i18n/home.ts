import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  home: {
    title: "企業連携ボット",
    open: "進行中の連携提案",
    endingSoon: (days: number) => `${days}日以内に終了する協定`,
    none: "（なし）",
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  home: {
    title: "Partnership bot",
    open: "Proposals in progress",
    endingSoon: (days) => `Agreements ending within ${days} days`,
    none: "(none)",
  },
});
