// The Postgres wire protocol in front of one PGlite instance, for many client connections.
//
// Why our own and not @electric-sql/pglite-socket's server: that server queues single protocol
// messages and keeps a connection's messages together only inside an explicit transaction, so one
// connection's Parse/Bind/Execute/Sync can interleave with another's. Both use the unnamed
// statement, and the result is "bind message supplies 3 parameters, but prepared statement ""
// requires 2" or a value landing in another query's parameter (seen here under pg-boss + the app;
// electric-sql/pglite issue 1046). PGlite is one session, so a connection must own it from its
// first message until PGlite says ReadyForQuery with status idle ('I'): that makes every
// extended-protocol sequence and every transaction whole. Other connections wait their turn.
//
// Who may connect: only a client that knows the password (`password`; md5 authentication, so the
// password never crosses the socket). Session state: PGlite has one session for everyone, so when
// a different connection takes its turn the session is reset first (settings, role): one
// client's `SET search_path = ''` cannot leak into another's queries. As with a pooler in
// transaction mode, a client's own SETs last until another client takes a turn; inside a
// transaction they last until it ends.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSSENC_REQUEST = 80877104;

type Conn = { id: number; socket: net.Socket };

/** Hands PGlite to one connection at a time, in arrival order. */
class Ownership {
  owner: Conn | null = null;
  /** Who had PGlite last: a different connection taking over gets a reset session first. */
  lastOwner: Conn | null = null;
  private waiters: Array<{ conn: Conn; resolve: () => void }> = [];

  async acquire(conn: Conn): Promise<void> {
    if (this.owner === conn) return;
    if (!this.owner) {
      this.owner = conn;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ conn, resolve }));
  }

  release(conn: Conn): void {
    if (this.owner !== conn) return;
    const next = this.waiters.shift();
    this.owner = next?.conn ?? null;
    next?.resolve();
  }

  /** A connection that goes away gives up its place in the line. */
  forget(conn: Conn): void {
    this.waiters = this.waiters.filter((w) => w.conn !== conn);
  }
}

/** The status byte of the last ReadyForQuery ('Z') message in a backend answer, if any. */
export function lastReadyStatus(out: Uint8Array): string | undefined {
  let status: string | undefined;
  let i = 0;
  while (i + 5 <= out.length) {
    const type = out[i]!;
    const len = ((out[i + 1]! << 24) | (out[i + 2]! << 16) | (out[i + 3]! << 8) | out[i + 4]!) >>> 0;
    if (type === 0x5a /* Z */ && len === 5 && i + 5 < out.length) status = String.fromCharCode(out[i + 5]!);
    i += 1 + len;
  }
  return status;
}

export type ProtocolServer = { port: number; close: () => Promise<void> };

/** Settings, role and session authorization back to the defaults (what DISCARD ALL does, minus
 * dropping prepared statements and advisory locks, which are per statement and per transaction here). */
export const SESSION_RESET = "RESET ALL; RESET ROLE; SET SESSION AUTHORIZATION DEFAULT";

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function md5Hex(data: Buffer | string): string {
  return createHash("md5").update(data).digest("hex");
}

/** The user named in a startup message (key/value pairs after the version). */
function startupUser(startup: Buffer): string {
  const parts = startup.subarray(8).toString("utf8").split("\0");
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === "user") return parts[i + 1]!;
  return "";
}

function authFailure(user: string): Buffer {
  const fields = ["SFATAL", "VFATAL", "C28P01", `Mpassword authentication failed for user "${user.slice(0, 63)}"`].map((f) => f + "\0").join("") + "\0";
  return message("E", Buffer.from(fields, "utf8"));
}

export async function serveProtocol(db: PGlite, options: { host?: string; port?: number; password?: string } = {}): Promise<ProtocolServer> {
  const ownership = new Ownership();
  const sockets = new Set<net.Socket>();
  let nextId = 1;

  const exec = (message: Uint8Array) => db.runExclusive(() => db.execProtocolRaw(message));

  const server = net.createServer((socket) => {
    const conn: Conn = { id: nextId++, socket };
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    /** With a password: the startup message, held back until the password is right. */
    let pending: { startup: Buffer; salt: Buffer } | null = null;
    let closed = false;
    let work = Promise.resolve();

    const handleMessage = async (message: Buffer, isStartup: boolean) => {
      await ownership.acquire(conn);
      if (closed) {
        ownership.release(conn);
        return;
      }
      if (ownership.lastOwner !== conn) {
        // Another client used the session since this one's last turn: start from clean settings.
        // exec takes PGlite's own query lock, so it is not wrapped in runExclusive.
        if (ownership.lastOwner && !db.isInTransaction()) await db.exec(SESSION_RESET);
        ownership.lastOwner = conn;
      }
      const out = await exec(new Uint8Array(message));
      if (!closed && out.length) socket.write(out);
      const status = lastReadyStatus(out);
      // Idle: the sequence (or transaction) is complete and PGlite can serve someone else. The
      // startup exchange also ends with ReadyForQuery 'I'.
      if (status === "I" || (isStartup && status === undefined)) ownership.release(conn);
    };

    const drain = async () => {
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const len = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (len === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
            buffer = buffer.subarray(8);
            socket.write("N"); // no TLS on a loopback socket
            continue;
          }
          if (len === 16 && code === CANCEL_REQUEST) {
            socket.end(); // cancelling is not supported; the client's query simply completes
            return;
          }
          if (buffer.length < len) return;
          const startup = Buffer.from(buffer.subarray(0, len));
          buffer = buffer.subarray(len);
          started = true;
          if (options.password !== undefined) {
            // AuthenticationMD5Password: the client answers md5(md5(password ‖ user) ‖ salt).
            const salt = randomBytes(4);
            pending = { startup, salt };
            socket.write(message("R", Buffer.concat([Buffer.from([0, 0, 0, 5]), salt])));
            continue;
          }
          await handleMessage(startup, true);
          continue;
        }
        if (buffer.length < 5) return;
        const total = 1 + buffer.readInt32BE(1);
        if (buffer.length < total) return;
        const msg = Buffer.from(buffer.subarray(0, total));
        buffer = buffer.subarray(total);
        if (msg[0] === 0x58 /* X: Terminate */) {
          socket.end();
          return;
        }
        if (pending) {
          const { startup, salt } = pending;
          const user = startupUser(startup);
          const expected = Buffer.from("md5" + md5Hex(Buffer.concat([Buffer.from(md5Hex(options.password! + user)), salt])));
          const given = msg[0] === 0x70 /* p */ ? msg.subarray(5, msg.length - 1) : Buffer.alloc(0);
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            socket.end(authFailure(user));
            buffer = Buffer.alloc(0);
            return;
          }
          pending = null;
          await handleMessage(startup, true);
          continue;
        }
        await handleMessage(msg, false);
      }
    };

    socket.on("data", (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      work = work.then(drain).catch(() => {
        socket.destroy();
      });
    });

    const cleanup = () => {
      if (closed) return;
      closed = true;
      sockets.delete(socket);
      ownership.forget(conn);
      // A connection that vanished mid-transaction must not leave PGlite inside it.
      void work.finally(async () => {
        if (ownership.owner === conn) {
          try {
            // exec takes PGlite's own query lock: wrapping it in runExclusive would deadlock.
            if (db.isInTransaction()) await db.exec("rollback");
          } catch {
            // the next owner starts from whatever state PGlite reports
          }
          ownership.release(conn);
        }
      });
    };
    socket.on("close", cleanup);
    socket.on("error", cleanup);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
