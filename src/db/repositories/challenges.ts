import type { ChallengeRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

const challenge = (row: any): ChallengeRecord => row;

export function challenges(db: Tx): Repos["challenges"] {
  return {
    nextNumber: () => nextCounter(db, "challenge"),
    create: async (c) => challenge(await db.challenge.create({ data: { ...c, state: "open" } })),
    get: async (id) => {
      const r = await db.challenge.findUnique({ where: { id } });
      return r && challenge(r);
    },
    getByNumber: async (number) => {
      const r = await db.challenge.findUnique({ where: { number } });
      return r && challenge(r);
    },
    listPublic: async (limit) => {
      const open = await db.challenge.findMany({ where: { state: "open" }, orderBy: [{ closesAt: "asc" }, { number: "asc" }], take: limit });
      const closed = await db.challenge.findMany({ where: { state: { in: ["closed", "withdrawn"] } }, orderBy: [{ closesAt: "desc" }, { number: "desc" }], take: Math.max(0, limit - open.length) });
      return [...open, ...closed].map(challenge);
    },
    listDue: async (now) =>
      (await db.challenge.findMany({ where: { state: "open", closesAt: { lte: now } }, orderBy: { number: "asc" } })).map(challenge),
    close: async (id, at) => (await db.challenge.updateMany({ where: { id, state: "open" }, data: { state: "closed", closedAt: at } })).count === 1,
    change: async (id, patch) => (await db.challenge.updateMany({ where: { id, state: "open" }, data: patch })).count === 1,
  };
}
