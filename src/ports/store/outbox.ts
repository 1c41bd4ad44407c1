import type { Platform } from "../chat";
import type { Lane, LanePlatform } from "./outbox-key";

export interface OutboundRecord {
  id: number;
  key: string;
  /** the municipality that queued it */
  tenantId: string;
  platform: LanePlatform;
  channel: string;
  parentKey: string | null;
  body: string;
  version: number;
  deliveredVersion: number;
  remoteRef: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

export interface OutboxRepo {
  /** queues a new message under a unique key; a key queued before is left as it is */
  enqueue(m: { key: string; platform: LanePlatform; channel: string; body: string; parentKey?: string | null }): Promise<boolean>;
  /** replaces the content of a queued or delivered message; it is (re)delivered by the dispatcher */
  replace(key: string, body: string): Promise<boolean>;
  get(key: string): Promise<OutboundRecord | null>;
}


/** Outbox access outside a use case's transaction, for the dispatcher (any number of processes). */
export interface OutboxQueue {
  /** channels with a message due (pending, not set aside), whatever their lane's state; at most `limit` */
  dueLanes(platforms: readonly LanePlatform[], now: Date, limit: number): Promise<Lane[]>;
  /** takes a lane for `owner` until `leaseUntil`, if nobody holds it and its pace allows a send now */
  claimLane(lane: Lane, owner: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** gives a lane back; its next send may not happen before `nextSendAt` (pace, Retry-After, backoff) */
  releaseLane(lane: Lane, owner: string, nextSendAt: Date): Promise<void>;
  /** a send to a lane is starting (counted against its platform's per-window limits); sends older than `keepMs` are forgotten */
  recordSend(lane: Lane, at: Date, keepMs: number): Promise<void>;
  /** when the n-th most recent send to a lane after `since` started, or null when there were fewer than n */
  nthSendSince(lane: Lane, n: number, since: Date): Promise<Date | null>;
  /** the oldest pending message of a lane that is not set aside */
  head(lane: Lane, now: Date): Promise<OutboundRecord | null>;
  get(key: string): Promise<OutboundRecord | null>;
  /** a send is starting: if the process dies now, this message may go out again (at most one per lane) */
  markSending(id: number, at: Date): Promise<void>;
  /** records a delivery of `version`, and marks reminders waiting on it sent, in one transaction */
  markDelivered(id: number, version: number, remoteRef: string, at: Date): Promise<void>;
  /** records a failed try; with `setAsideUntil` the message no longer holds its lane up until then */
  markFailed(id: number, error: string, setAsideUntil?: Date): Promise<void>;
  /** pending messages (for health and tests) */
  pendingCount(): Promise<number>;
  /** undelivered messages whatever their next attempt, oldest first (operators' view) */
  pending(limit: number): Promise<OutboundRecord[]>;
  /** when each lane may send next (pace, Retry-After, backoff), by "platform:channel" */
  laneTimes(): Promise<Map<string, Date>>;
  /** makes every undelivered message and every lane due now (after fixing a channel or a token); returns how many messages */
  retryAllNow(now: Date): Promise<number>;
  /** forgets platform delivery keys (Slack retries, Teams re-sends) and finished interactions from before `before`; idempotency keys of the intake API stay */
  pruneDeliveryKeys(before: Date): Promise<number>;
  /** the message the platform knows by this id (a card someone pressed a button on) */
  findDelivered(platform: Platform, remoteRef: string): Promise<OutboundRecord | null>;
}
