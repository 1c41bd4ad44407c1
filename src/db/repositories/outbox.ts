import { randomUUID } from "node:crypto";
/**
 * The outbox: inside a use case's transaction, messages queued and replaced (outbox); outside it, the
 * dispatcher's lanes and deliveries (outboxQueue), which any number of processes share.
 */
import { withoutSecrets } from "../../ports/mail";
import type { Platform } from "../../ports/chat";
import { laneKey, outboxKeyBase, type Lane, type OutboundRecord, type OutboxQueue, type Repos } from "../../ports/store";
import { isUniqueViolation, type DbAccess, type Tx } from "../db";
import { dueLanesOn, undeliveredOn } from "../sqlite-hot-path";

const outbound = (row: any): OutboundRecord => row;

export function outbox(db: Tx, t: string): Repos["outbox"] {
  return {
    enqueue: async (m) => {
      const existing = await db.outboundMessage.findUnique({ where: { key: m.key }, select: { id: true } });
      if (existing) return false;
      await db.outboundMessage.create({
        // due at once whatever the clock says; only a failed try moves nextAttemptAt into the future
        data: { tenantId: t, key: m.key, platform: m.platform, channel: m.channel, body: m.body, parentKey: m.parentKey ?? null, nextAttemptAt: new Date(0), pending: true },
      });
      return true;
    },
    replace: async (key, body) => {
      const r = await db.outboundMessage.updateMany({
        where: { key },
        data: { body, version: { increment: 1 }, nextAttemptAt: new Date(0), attempts: 0, pending: true },
      });
      return r.count === 1;
    },
    get: async (key) => {
      const r = await db.outboundMessage.findUnique({ where: { key } });
      return r && outbound(r);
    },
  };
}

/** The dispatcher's side of the outbox (everything of OutboxQueue but `get`, which reads through the repositories). */
export function outboxQueue({ reader, readerConnection, write, transaction }: DbAccess): Omit<OutboxQueue, "get" | "pruneDeliveryKeys"> {
  return {
    findDelivered: async (platform: Platform, remoteRef: string) => {
      const row = await reader.outboundMessage.findFirst({ where: { platform, remoteRef }, orderBy: { id: "desc" } });
      return row && outbound(row);
    },

    dueLanes: async (platforms, now, limit) => {
      const raw = readerConnection();
      if (raw) return dueLanesOn(raw, platforms, now, limit) as Lane[];
      // GROUP BY over the (pending, platform, channel, id) index: one row per channel, not per message
      const rows = await reader.outboundMessage.groupBy({
        by: ["platform", "channel"],
        where: { pending: true, nextAttemptAt: { lte: now }, platform: { in: [...platforms] } },
        orderBy: [{ platform: "asc" }, { channel: "asc" }],
        take: limit,
      });
      return rows.map((r) => ({ platform: r.platform as Platform, channel: r.channel }));
    },

    claimLane: async (lane, owner, now, leaseUntil) => {
      const key = laneKey(lane);
      const take = () =>
        write((d) => d.channelLane.updateMany({
          where: { key, nextSendAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
          data: { leaseOwner: owner, leaseUntil },
        }));
      if ((await take()).count === 1) return true;
      if (await reader.channelLane.findUnique({ where: { key }, select: { key: true } })) return false;
      try {
        await write((d) => d.channelLane.create({ data: { key, nextSendAt: new Date(0) } }));
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      return (await take()).count === 1;
    },

    releaseLane: async (lane, owner, nextSendAt) => {
      await write((d) => d.channelLane.updateMany({ where: { key: laneKey(lane), leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null, nextSendAt } }));
    },

    recordSend: async (lane, at, keepMs) => {
      const key = laneKey(lane);
      await write(async (d) => {
        await d.laneSend.deleteMany({ where: { lane: key, at: { lt: new Date(at.getTime() - keepMs) } } });
        await d.laneSend.create({ data: { id: randomUUID(), lane: key, at } });
      });
    },

    nthSendSince: async (lane, n, since) => {
      const row = await reader.laneSend.findFirst({ where: { lane: laneKey(lane), at: { gt: since } }, orderBy: { at: "desc" }, skip: n - 1, select: { at: true } });
      return row?.at ?? null;
    },

    head: async (lane, now) => {
      const row = await reader.outboundMessage.findFirst({
        where: { pending: true, platform: lane.platform, channel: lane.channel, nextAttemptAt: { lte: now } },
        orderBy: { id: "asc" },
      });
      return row && outbound(row);
    },

    markSending: async (id, at) => {
      await write((d) => d.outboundMessage.update({ where: { id }, data: { sendingSince: at } }));
    },

    markDelivered: async (id, version, remoteRef, at) => {
      // after the other lanes' deliveries: "the last of a reminder's messages" must see theirs committed
      // PostgreSQL: the message's rows are held together, so two lanes delivering the last two at once see each other's
      // (SQLite has one writer: nothing to hold)
      const key = readerConnection() ? undefined : (await reader.outboundMessage.findUnique({ where: { id }, select: { key: true } }))?.key;
      await transaction(async (tx, raw) => {
        const row = await tx.outboundMessage.update({
          where: { id },
          data: { deliveredVersion: version, remoteRef, sentAt: at, lastError: null, attempts: 0, sendingSince: null },
        });
        // still pending when the body was replaced again while this version was on its way
        if (row.version === version) await tx.outboundMessage.update({ where: { id }, data: { pending: false, ...(row.platform === "mail" ? { body: withoutSecrets(row.body) } : {}) } });
        // A reminder goes to several channels (one row each, keyed "<base>@<channel>"): it is sent when
        // the last of them is delivered, in the transaction that records that delivery.
        const base = outboxKeyBase(row.key);
        const undelivered = raw
          ? undeliveredOn(raw(), base)
          : await tx.outboundMessage.count({ where: { key: { startsWith: `${base}@` }, deliveredVersion: 0 } });
        if (undelivered === 0) {
          await tx.reminder.updateMany({ where: { messageKey: base, state: "queued" }, data: { state: "sent", sentAt: at } });
        }
      }, key ? [`outbox-message:${outboxKeyBase(key)}`] : []);
    },

    markFailed: async (id, error, setAsideUntil) => {
      await write((d) => d.outboundMessage.update({
        where: { id },
        data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), sendingSince: null, ...(setAsideUntil ? { nextAttemptAt: setAsideUntil } : {}) },
      }));
    },

    pending: async (limit) => {
      const rows = await reader.outboundMessage.findMany({ where: { pending: true }, orderBy: { id: "asc" }, take: limit });
      return rows.map(outbound);
    },

    laneTimes: async () =>
      new Map((await reader.channelLane.findMany({ select: { key: true, nextSendAt: true } })).map((l) => [l.key, l.nextSendAt])),

    retryAllNow: async (now) => {
      const r = await write((d) => d.outboundMessage.updateMany({ where: { pending: true }, data: { nextAttemptAt: now } }));
      await write((d) => d.channelLane.updateMany({ where: { nextSendAt: { gt: now } }, data: { nextSendAt: now } }));
      return r.count;
    },

    pendingCount: () => reader.outboundMessage.count({ where: { pending: true } }),
  };
}
