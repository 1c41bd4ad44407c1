/** the interaction being processed: marked done in the transaction of the change it makes */
export interface InboxRepo {
  /** marks a pending interaction done; false when it was not pending (done elsewhere) */
  complete(key: string, at: Date): Promise<boolean>;
}

/** The inbox of interactions (persisted before the platform is acknowledged). */
export interface InboxRecord {
  key: string;
  platform: string;
  payload: string;
  attempts: number;
}

export interface InboxStore {
  /** writes a new interaction; false when its key was seen before (a platform retry, a double click) */
  accept(key: string, platform: string, payload: string, leaseUntil: Date): Promise<boolean>;
  /** forgets an interaction that changed nothing (a form answered with field errors), so a corrected resubmission counts */
  release(key: string): Promise<void>;
  complete(key: string, at: Date): Promise<void>;
  /** a try failed unexpectedly: replayed after `retryAt`, or given up (`failed`) */
  retryLater(key: string, error: string, retryAt: Date, giveUp: boolean): Promise<void>;
  /** takes pending interactions whose lease ran out (their process died) for replay, until `leaseUntil` */
  claimStale(now: Date, leaseUntil: Date, limit: number): Promise<InboxRecord[]>;
  pendingCount(): Promise<number>;
  prune(before: Date): Promise<number>;
  get(key: string): Promise<{ state: string; attempts: number; lastError: string | null } | null>;
}
