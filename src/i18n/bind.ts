import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  bind: {
    confirm: (unit: string) => `このチャットを「${unit}」のチャネルにしますか？ 結び付けると、ここにいる人は${unit}として操作でき、${unit}あての通知がここに届きます。`,
    confirmButton: "結び付ける",
    bound: (unit: string) => `このチャットを「${unit}」のチャネルにしました。`,
    unbound: (unit: string) => `このチャットと「${unit}」の結び付けを解除しました。`,
    notBound: "このチャットはどの部署にも結び付けられていません。",
    teamsOnly: "bind / unbind は Teams のチャットで使います。Slack のチャネルは組織設定（org.yml）で指定します。",
    usage: "使い方: bind <部署コード>",
    usageWith: (known: string) => `使い方: bind <部署コード>（${known}）`,
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  bind: {
    confirm: (unit) => `Make this chat the channel of "${unit}"? Once bound, people here act as ${unit} and its notifications arrive here.`,
    confirmButton: "Bind",
    bound: (unit) => `This chat is now the channel of "${unit}".`,
    unbound: (unit) => `This chat is no longer bound to "${unit}".`,
    notBound: "This chat is not bound to any department.",
    teamsOnly: "bind / unbind are for Teams chats. Slack channels are set in the organisation config (org.yml).",
    usage: "Usage: bind <department code>",
    usageWith: (known) => `Usage: bind <department code> (${known})`,
  },
});
