import { randomUUID } from "node:crypto";
import type { ReminderRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";

const reminder = (row: any): ReminderRecord => {
  const { createdAt: _c, queuedAt: _q, tenantId: _t, ...rest } = row;
  return rest;
};

export function reminders(db: Tx, t: string): Repos["reminders"] {
  return {
    plan: async (r) => {
      await db.reminder.upsert({
        where: { tenantId: t, key: r.key },
        create: { tenantId: t, id: randomUUID(), ...r, state: "planned" },
        update: {},
      });
    },
    get: async (id) => {
      const row = await db.reminder.findUnique({ where: { tenantId: t, id } });
      return row && reminder(row);
    },
    cancelForSubject: async (subjectType, subjectId, kinds) =>
      (
        await db.reminder.updateMany({
          where: { tenantId: t, subjectType, subjectId, state: "planned", ...(kinds ? { kind: { in: kinds } } : {}) },
          data: { state: "cancelled" },
        })
      ).count,
    due: async (now, limit) =>
      (
        await db.reminder.findMany({
          where: { tenantId: t, state: "planned", dueAt: { lte: now } },
          orderBy: { dueAt: "asc" },
          take: limit,
        })
      ).map(reminder),
    update: async (id, patch) => {
      await db.reminder.update({ where: { tenantId: t, id }, data: patch });
    },
    plannedOfKinds: async (kinds, until, limit) =>
      (
        await db.reminder.findMany({ where: { tenantId: t, state: "planned", kind: { in: kinds }, dueAt: { lte: until } }, orderBy: { dueAt: "asc" }, take: limit })
      ).map(reminder),
    listForSubject: async (subjectType, subjectId) =>
      (await db.reminder.findMany({ where: { tenantId: t, subjectType, subjectId }, orderBy: { dueAt: "asc" } })).map(reminder),
  };
}
