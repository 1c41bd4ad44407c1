import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  challenge: {
    kind: { local_challenge: "地域課題", theme_call: "テーマ型募集" } as Record<string, string>,
    form: "地域課題・テーマ型募集の公開",
    publish: "公開",
    kindLabel: "種類",
    title: "件名",
    description: "内容（企業に伝えたい課題や求める提案）",
    department: "担当部署",
    deadline: "締切日（この日の終わりまで受け付けます）",
    intro: "公開ページ（/challenges）に載り、企業はこの募集に応えて提案できます。応募はこの部署に振り分けられ、締切日が過ぎると自動で締め切られて、届いた提案のまとめがこの部署に届きます。",
    deadlineFormat: "締切日は YYYY-MM-DD の日付で入力してください",
    deadlinePast: "締切日が過ぎています",
    notYourDepartment: "所属していない部署の名前では公開できません",
    published: (n: string, deadline: string) => `${n} を公開しました（締切 ${deadline}）。`,
    publishedHeader: (n: string) => `地域課題・テーマ型募集 ${n} を公開しました`,
    closedHeader: (n: string) => `募集 ${n} を締め切りました`,
    received: (count: number) => (count === 0 ? "この募集への提案はありませんでした。" : `この募集に ${count} 件の提案が届きました。`),
    notOpen: "この募集は締め切られています",
    unknown: "この募集は見つかりません",
    answers: "応募先の募集",
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  challenge: {
    kind: { local_challenge: "Local challenge", theme_call: "Theme call" },
    form: "Publish a local challenge or theme call",
    publish: "Publish",
    kindLabel: "Kind",
    title: "Title",
    description: "Description (the challenge, and what proposals you are looking for)",
    department: "Department",
    deadline: "Deadline (proposals are taken until the end of this day)",
    intro: "It appears on the public page (/challenges) and companies can propose in answer to it. Their proposals are routed to this department; after the deadline the call closes itself and the department gets a summary of the proposals received.",
    deadlineFormat: "The deadline must be a date YYYY-MM-DD",
    deadlinePast: "The deadline has passed",
    notYourDepartment: "You can publish only in the name of a department you belong to",
    published: (n, deadline) => `Published ${n} (deadline ${deadline}).`,
    publishedHeader: (n) => `Local challenge / theme call ${n} published`,
    closedHeader: (n) => `Call ${n} closed`,
    received: (count) => (count === 0 ? "No proposals were received for this call." : `${count} proposal${count === 1 ? " was" : "s were"} received for this call.`),
    notOpen: "This call is closed",
    unknown: "This call does not exist",
    answers: "In answer to",
  },
});
