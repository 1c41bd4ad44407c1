import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  report: {
    button: "実施状況を報告",
    form: "実施状況の報告",
    status: "状況",
    statuses: { on_track: "順調", delayed: "遅れあり", completed: "完了", suspended: "中断" } as Record<string, string>,
    done: "実施した内容",
    outcomes: "成果（任意）",
    problems: "課題（任意）",
    received: (n: string, status: string) => `協定 ${n} の実施状況報告を受け付けました（${status}）。`,
    latest: "最新の報告",
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  report: {
    button: "Report status",
    form: "Implementation status",
    status: "Status",
    statuses: { on_track: "On track", delayed: "Delayed", completed: "Completed", suspended: "Suspended" },
    done: "What was done",
    outcomes: "Outcomes (optional)",
    problems: "Problems (optional)",
    received: (n, status) => `Status report for agreement ${n} received (${status}).`,
    latest: "Latest report",
  },
});
