/** deduplication keys; `claim` is false when the key was seen before */
export interface ProcessedKeysRepo {
  claim(key: string, result?: unknown): Promise<boolean>;
  get(key: string): Promise<{ result: unknown } | null>;
}
