import type { ChallengeRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

const challenge = ({ tenantId: _t, ...row }: any): ChallengeRecord => row;

export function challenges(db: Tx, t: string): Repos["challenges"] {
  return {
    nextNumber: () => nextCounter(db, t, "challenge"),
    create: async (c) => challenge(await db.challenge.create({ data: { tenantId: t, ...c, state: "open" } })),
    get: async (id) => {
      const r = await db.challenge.findUnique({ where: { tenantId: t, id } });
      return r && challenge(r);
    },
    getByNumber: async (number) => {
      const r = await db.challenge.findUnique({ where: { tenantId_number: { tenantId: t, number } } });
      return r && challenge(r);
    },
    listPublic: async (limit) => {
      const open = await db.challenge.findMany({ where: { tenantId: t, state: "open" }, orderBy: [{ closesAt: "asc" }, { number: "asc" }], take: limit });
      const closed = await db.challenge.findMany({ where: { tenantId: t, state: { in: ["closed", "withdrawn"] } }, orderBy: [{ closesAt: "desc" }, { number: "desc" }], take: Math.max(0, limit - open.length) });
      return [...open, ...closed].map(challenge);
    },
    listDue: async (now) =>
      (await db.challenge.findMany({ where: { tenantId: t, state: "open", closesAt: { lte: now } }, orderBy: { number: "asc" } })).map(challenge),
    close: async (id, at) => (await db.challenge.updateMany({ where: { tenantId: t, id, state: "open" }, data: { state: "closed", closedAt: at } })).count === 1,
    change: async (id, patch) => (await db.challenge.updateMany({ where: { tenantId: t, id, state: "open" }, data: patch })).count === 1,
  };
}
