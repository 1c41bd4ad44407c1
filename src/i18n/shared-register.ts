/**
 * The shared register across the municipalities of one deployment (§4(3)): what chat answers `shared`
 * with (src/app/shared-register). Only what the municipalities' public registers already say.
 */
import type { Place, Words } from "./words";

export const ja = (_p: Place) => ({
  shared: {
    header: (q: string) => `共有台帳（自治体をまたぐ連携協定）: 「${q}」`,
    scope: "共有に同意した自治体が締結し、公開している連携協定です（担当者・連絡先・内部のメモは含みません）。",
    none: (q: string) => `共有台帳に「${q}」に一致する連携協定はありません（企業名・分野・件名で検索します）。`,
    usage: "使い方: shared <企業名または分野>",
    notSharing: "この自治体は共有台帳への参加に同意していないため、共有台帳を検索できません（組織設定の tenant.shareRegister）。",
    fields: (names: string) => `分野: ${names}`,
    join: "、",
    /** one partnership: 千代田区 A-0001 件名 — パターン / 分野 / 部署 / 状態（期間） */
    line: (municipality: string, number: string, title: string, rest: string) => `• ${municipality} ${number} ${title} — ${rest}`,
  },
});

export const en = (_p: Place): Words<ReturnType<typeof ja>> => ({
  shared: {
    header: (q) => `Shared register (partnerships across municipalities): "${q}"`,
    scope: "Partnerships concluded and published by the municipalities that agreed to share them (no contact persons, contact details or internal notes).",
    none: (q) => `No partnership in the shared register matches "${q}" (searched by company, field and title).`,
    usage: "Usage: shared <company or field>",
    notSharing: "Your municipality has not agreed to join the shared register, so it cannot search it (tenant.shareRegister in the organisation config).",
    fields: (names) => `Fields: ${names}`,
    join: ", ",
    line: (municipality, number, title, rest) => `• ${municipality} ${number} ${title} — ${rest}`,
  },
});
