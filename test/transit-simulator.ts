// A simulator of the HashiCorp Vault / OpenBao transit secrets engine, written by us from the
// published API documentation (docs/vault-key-providers.md lists the facts it follows and their
// sources). It is not Vault: it implements only what Latchkey's TransitKeyProvider uses, with the
// documented request and answer shapes and error behaviour, so that the provider is tested over
// real HTTP. Started by the tests on a loopback port; never part of the app.
//
// Implemented: POST /v1/<mount>/keys/:name (create; `derived`, `type`), GET /v1/<mount>/keys/:name
// (read), POST /v1/<mount>/keys/:name/rotate, POST /v1/<mount>/keys/:name/config
// (`min_decryption_version`, `min_encryption_version`), POST /v1/<mount>/encrypt/:name,
// /decrypt/:name, /rewrap/:name (`plaintext`, `ciphertext`, `context`, `key_version`).
// Tokens: the X-Vault-Token header must equal the simulator's token, else 403 "permission denied".
// Ciphertexts look like Vault's: "vault:v<version>:" + base64 of our own sealed bytes. A derived key's
// per-context key is HKDF-SHA256(version key, context) here; how Vault derives it does not matter to a
// client, only that another context does not decrypt.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

type SimKey = {
  derived: boolean;
  type: string;
  versions: Map<number, Buffer>;
  latest: number;
  minDecryption: number;
  minEncryption: number;
  created: Map<number, number>;
};

export type TransitSimulator = {
  url: string;
  token: string;
  mount: string;
  /** Every request's method, path and body, for assertions (never printed). */
  requests: Array<{ method: string; path: string; body: Record<string, unknown> }>;
  /** Direct control for a test, as an operator would with the CLI. */
  createKey(name: string, options?: { derived?: boolean }): void;
  rotate(name: string): number;
  configure(name: string, config: { min_decryption_version?: number; min_encryption_version?: number }): void;
  close(): Promise<void>;
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join("; "));
  }
}

export async function startTransitSimulator(options: { token?: string; mount?: string } = {}): Promise<TransitSimulator> {
  const token = options.token ?? `sim-${randomBytes(8).toString("hex")}`;
  const mount = options.mount ?? "transit";
  const keys = new Map<string, SimKey>();
  const requests: TransitSimulator["requests"] = [];

  const getKey = (name: string): SimKey => {
    const k = keys.get(name);
    if (!k) throw new ApiError(400, ["encryption key not found"]);
    return k;
  };
  const createKey = (name: string, o: { derived?: boolean; type?: string } = {}) => {
    if (keys.has(name)) return;
    keys.set(name, { derived: !!o.derived, type: o.type ?? "aes256-gcm96", versions: new Map([[1, randomBytes(32)]]), latest: 1, minDecryption: 1, minEncryption: 0, created: new Map([[1, Date.now()]]) });
  };
  const rotate = (name: string) => {
    const k = getKey(name);
    k.latest++;
    k.versions.set(k.latest, randomBytes(32));
    k.created.set(k.latest, Date.now());
    return k.latest;
  };
  const configure = (name: string, c: { min_decryption_version?: number; min_encryption_version?: number }) => {
    const k = getKey(name);
    if (c.min_decryption_version !== undefined) {
      const v = Number(c.min_decryption_version);
      if (!Number.isInteger(v) || v < 0 || v > k.latest) throw new ApiError(400, ["cannot set min decryption version to a version greater than the latest version"]);
      // As documented: raising it makes the older versions unusable for decryption (archived).
      k.minDecryption = Math.max(1, v);
    }
    if (c.min_encryption_version !== undefined) {
      const v = Number(c.min_encryption_version);
      if (!Number.isInteger(v) || v < 0 || v > k.latest) throw new ApiError(400, ["cannot set min encryption version to a version greater than the latest version"]);
      k.minEncryption = v;
    }
  };

  const contextOf = (k: SimKey, body: Record<string, unknown>): Buffer | null => {
    const raw = typeof body.context === "string" ? body.context : "";
    if (k.derived && !raw) throw new ApiError(400, ["missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key"]);
    if (!k.derived) return null;
    return Buffer.from(raw, "base64");
  };
  const keyFor = (k: SimKey, version: number, context: Buffer | null): Buffer => {
    const base = k.versions.get(version)!;
    return context ? Buffer.from(hkdfSync("sha256", base, Buffer.alloc(0), context, 32)) : base;
  };
  const encrypt = (k: SimKey, plaintext: Buffer, context: Buffer | null, keyVersion?: number): { ciphertext: string; key_version: number } => {
    let version = keyVersion && keyVersion > 0 ? keyVersion : k.latest;
    if (!k.versions.has(version)) throw new ApiError(400, ["invalid key version"]);
    if (k.minEncryption && version < k.minEncryption) throw new ApiError(400, ["requested version for encryption is less than the minimum encryption key version"]);
    version = Math.trunc(version);
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", keyFor(k, version, context), iv);
    const body = Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
    return { ciphertext: `vault:v${version}:${body.toString("base64")}`, key_version: version };
  };
  const decrypt = (k: SimKey, ciphertext: string, context: Buffer | null): Buffer => {
    const m = /^vault:v(\d+):(.*)$/.exec(ciphertext);
    if (!m) throw new ApiError(400, ["invalid ciphertext: no prefix"]);
    const version = Number(m[1]);
    if (version < k.minDecryption) throw new ApiError(400, ["ciphertext or signature version is disallowed by policy (too old)"]);
    if (!k.versions.has(version)) throw new ApiError(400, ["invalid ciphertext: version is too new"]);
    const raw = Buffer.from(m[2]!, "base64");
    if (raw.length < 12 + 16) throw new ApiError(400, ["invalid ciphertext: could not decode"]);
    try {
      const d = createDecipheriv("aes-256-gcm", keyFor(k, version, context), raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
    } catch {
      throw new ApiError(400, ["cipher: message authentication failed"]);
    }
  };

  const route = (method: string, path: string, body: Record<string, unknown>): Record<string, unknown> | null => {
    const prefix = `/v1/${mount}/`;
    if (!path.startsWith(prefix)) throw new ApiError(404, [`no handler for route "${path.slice(4)}". route entry not found.`]);
    const [op, name, sub] = path.slice(prefix.length).split("/").map(decodeURIComponent);
    if (!name) throw new ApiError(405, ["unsupported operation"]);
    if (op === "keys" && !sub && method === "POST") {
      createKey(name, { derived: body.derived === true || body.derived === "true", type: typeof body.type === "string" ? body.type : undefined });
      return null;
    }
    if (op === "keys" && !sub && method === "GET") {
      const k = keys.get(name);
      if (!k) throw new ApiError(404, []);
      const versions: Record<string, number> = {};
      for (const [v, t] of k.created) if (v >= k.minDecryption) versions[String(v)] = Math.floor(t / 1000);
      return {
        name,
        type: k.type,
        derived: k.derived,
        kdf: k.derived ? "hkdf_sha256" : undefined,
        keys: versions,
        latest_version: k.latest,
        min_available_version: 0,
        min_decryption_version: k.minDecryption,
        min_encryption_version: k.minEncryption,
        supports_encryption: true,
        supports_decryption: true,
        supports_derivation: true,
        deletion_allowed: false,
        exportable: false,
      };
    }
    if (op === "keys" && sub === "rotate" && method === "POST") {
      rotate(name);
      return null;
    }
    if (op === "keys" && sub === "config" && method === "POST") {
      configure(name, body as { min_decryption_version?: number; min_encryption_version?: number });
      return null;
    }
    if (method !== "POST") throw new ApiError(405, ["unsupported operation"]);
    if (op === "encrypt") {
      const k = getKey(name);
      if (typeof body.plaintext !== "string") throw new ApiError(400, ["missing plaintext to encrypt"]);
      return encrypt(k, Buffer.from(body.plaintext, "base64"), contextOf(k, body), Number(body.key_version ?? 0));
    }
    if (op === "decrypt") {
      const k = getKey(name);
      if (typeof body.ciphertext !== "string" || !body.ciphertext) throw new ApiError(400, ["missing ciphertext to decrypt"]);
      return { plaintext: decrypt(k, body.ciphertext, contextOf(k, body)).toString("base64") };
    }
    if (op === "rewrap") {
      const k = getKey(name);
      if (typeof body.ciphertext !== "string" || !body.ciphertext) throw new ApiError(400, ["missing ciphertext to decrypt"]);
      const context = contextOf(k, body);
      const plaintext = decrypt(k, body.ciphertext, context);
      try {
        return encrypt(k, plaintext, context, Number(body.key_version ?? 0));
      } finally {
        plaintext.fill(0);
      }
    }
    throw new ApiError(404, [`no handler for route "${path.slice(4)}". route entry not found.`]);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      } catch {
        return send(400, { errors: ["failed to parse JSON input"] });
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "GET", path, body });
      if (req.headers["x-vault-token"] !== token) return send(403, { errors: ["permission denied"] });
      try {
        const data = route(req.method ?? "GET", path, body);
        if (data === null) return send(204, undefined);
        send(200, { request_id: randomBytes(8).toString("hex"), lease_id: "", renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null });
      } catch (e) {
        if (e instanceof ApiError) return send(e.status, { errors: e.errors });
        send(500, { errors: ["internal error"] });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    mount,
    requests,
    createKey: (name, o) => createKey(name, o),
    rotate,
    configure,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
