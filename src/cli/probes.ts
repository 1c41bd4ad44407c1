/** Network checks for `doctor`, each with a time limit: a door that hangs is a door that does not work. */
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** Connects to an SMTP relay and reads its greeting (220 …), then says QUIT. */
export function smtpGreeting(url: string, timeoutMs: number): Promise<string> {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  const port = Number(u.port || (secure ? 465 : 25));
  return new Promise((resolve, reject) => {
    const socket: Socket = secure ? tlsConnect({ host: u.hostname, port, servername: u.hostname }) : netConnect({ host: u.hostname, port });
    let text = "";
    const done = (fn: () => void) => {
      clearTimeout(timer);
      socket.removeAllListeners("data");
      fn();
    };
    const timer = setTimeout(() => done(() => (socket.destroy(), reject(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })))), timeoutMs);
    socket.on("error", (e) => done(() => reject(e)));
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const line = text.split("\r\n")[0];
      if (!text.includes("\r\n")) return;
      done(() => {
        socket.end("QUIT\r\n");
        if (/^220[ -]/.test(line)) resolve(line.slice(0, 80));
        else reject(new Error(line.slice(0, 80)));
      });
    });
  });
}
