/**
 * A fake Bot Framework token issuer: OpenID metadata and a JWKS on 127.0.0.1, so that botbuilder's real
 * JWT validation runs offline. `sign` makes a channel token the way Bot Framework does (RS256).
 */
import { generateKeyPairSync, createSign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import { closeServer, listenLocal } from "./local-server";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export class FakeOpenId {
  private server: Server;
  private readonly key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly kid = "test-key-1";
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.startsWith("/keys")) {
        const jwk = this.key.publicKey.export({ format: "jwk" });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, kty: "RSA", use: "sig", endorsements: ["msteams"] }] }));
      } else {
        res.end(JSON.stringify({ issuer: "https://api.botframework.com", jwks_uri: `${this.url}keys`, id_token_signing_alg_values_supported: ["RS256"] }));
      }
    });
  }

  async start(): Promise<this> {
    this.url = `${await listenLocal(this.server)}`;
    return this;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** A channel token for `appId`, signed with the issuer's key (or another key, to forge one). */
  sign(appId: string, serviceUrl: string, privateKey: KeyObject = this.key.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: this.kid }));
    const payload = b64url(JSON.stringify({ iss: "https://api.botframework.com", aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 }));
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  static otherKey(): KeyObject {
    return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  }
}
