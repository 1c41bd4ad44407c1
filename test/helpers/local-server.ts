/** Start and stop of the fake services, all on 127.0.0.1 at a free port. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on a free loopback port; returns its base URL ("http://127.0.0.1:PORT/"). */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}
