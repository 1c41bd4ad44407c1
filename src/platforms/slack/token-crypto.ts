/**
 * Slack tokens at rest: AES-256-GCM (node:crypto) with the 32-byte SLACK_TOKEN_KEY, a fresh 12-byte IV per
 * token, the installation's key as associated data (a token copied onto another installation's row does
 * not open). A wrong key, or a stored value that was changed, fails loudly; the error never holds a token.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const FORMAT = "v1";

export class TokenKeyError extends Error {
  override name = "TokenKeyError";
}

export class TokenCipher {
  private readonly key: Buffer;

  /** @param keyBase64 SLACK_TOKEN_KEY: 32 bytes in base64 (standard or URL-safe) */
  constructor(keyBase64: string) {
    const key = Buffer.from(keyBase64.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32) throw new TokenKeyError("SLACK_TOKEN_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
    this.key = key;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, each base64url */
  seal(token: string, installKey: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(installKey, "utf8"));
    const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
    return [FORMAT, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  open(sealed: string, installKey: string): string {
    const [format, iv, tag, body, extra] = sealed.split(".");
    if (format !== FORMAT || !iv || !tag || body === undefined || extra !== undefined) {
      throw new TokenKeyError(`the stored Slack token of ${installKey} is not in the form this version writes`);
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(installKey, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new TokenKeyError(
        `SLACK_TOKEN_KEY does not open the stored Slack token of ${installKey}: it is not the key the tokens were stored with (set that key again, or have the workspace install the app again)`,
      );
    }
  }
}
