/** Board rounds and their votes (the SQLite hot path overrides the reads a vote makes: ../sqlite-hot-path.ts). */
import { randomUUID } from "node:crypto";
import type { Repos, RoundRecord, VoteRecord } from "../../ports/store";
import type { Tx } from "../db";

const round = ({ tenantId: _t, ...row }: any): RoundRecord => row;
const vote = (row: any): VoteRecord => ({
  roundId: row.roundId,
  memberId: row.memberId,
  choice: row.choice,
  comment: row.comment,
  platform: row.platform,
  updatedAt: row.updatedAt,
});

export function rounds(db: Tx, t: string): Repos["rounds"] {
  return {
    create: async (r) => round(await db.reviewRound.create({ data: { ...r, tenantId: t } })),
    get: async (id) => {
      const r = await db.reviewRound.findUnique({ where: { tenantId: t, id } });
      return r && round(r);
    },
    listByProposal: async (proposalId) =>
      (await db.reviewRound.findMany({ where: { tenantId: t, proposalId }, orderBy: { number: "asc" } })).map(round),
    listOpenDue: async (now) =>
      (await db.reviewRound.findMany({ where: { tenantId: t, state: "open", deadline: { lte: now } }, orderBy: { deadline: "asc" } })).map(round),
    update: async (id, patch) => round(await db.reviewRound.update({ where: { tenantId: t, id }, data: patch })),
  };
}

export function votes(db: Tx, t: string): Repos["votes"] {
  return {
    listByRound: async (roundId) =>
      (await db.vote.findMany({ where: { tenantId: t, roundId }, orderBy: { createdAt: "asc" } })).map(vote),
    upsert: async (v) =>
      vote(
        await db.vote.upsert({
          where: { tenantId: t, roundId_memberId: { roundId: v.roundId, memberId: v.memberId } },
          create: { tenantId: t, id: randomUUID(), ...v },
          update: { choice: v.choice, comment: v.comment, platform: v.platform },
        }),
      ),
  };
}
