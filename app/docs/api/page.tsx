// The API reference, rendered on the server from the same OpenAPI document that
// /api/v1/openapi.json serves: no client JavaScript, no CDN.
import type { Metadata } from "next";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { getEnv } from "@/lib/env";
import styles from "./docs.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Doc = ReturnType<typeof buildOpenApiDocument>;
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  security?: Array<Record<string, string[]>>;
};

const refName = (ref: string) => ref.split("/").pop()!;

/** Descriptions use `backticks` for code, as in Markdown. */
function Text({ children }: { children?: string }) {
  if (!children) return null;
  return (
    <>
      {children.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

function resolve(doc: Doc, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc, (doc.components?.schemas as Record<string, Schema>)[refName(s.$ref)]);
  return s;
}

function typeLabel(doc: Doc, s: Schema | undefined): string {
  if (!s) return "any";
  if (s.$ref) return refName(s.$ref);
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf)!.map((x) => typeLabel(doc, x)).join(" | ");
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : s.type;
  if (t === "array") return `${typeLabel(doc, s.items)}[]`;
  return [t ?? "object", s.format ? `(${s.format})` : ""].join(" ").trim();
}

function constraints(s: Schema): string {
  const out: string[] = [];
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`length ${s.minLength ?? 0}–${s.maxLength ?? "∞"}`);
  if (s.minimum !== undefined || s.maximum !== undefined) out.push(`${s.minimum ?? "−∞"}–${s.maximum ?? "∞"}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) out.push(`${s.minItems ?? 0}–${s.maxItems ?? "∞"} items`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(", ");
}

function Properties({ doc, schema, prefix = "" }: { doc: Doc; schema: Schema; prefix?: string }) {
  const s = resolve(doc, schema);
  const rows: React.ReactNode[] = [];
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const p = resolve(doc, raw);
    const nested = p.type === "object" && p.properties && !raw.$ref;
    rows.push(
      <tr key={prefix + name}>
        <td>
          <code>{prefix + name}</code>
          {s.required?.includes(name) ? <span className={styles.req}> required</span> : null}
        </td>
        <td>
          <code>{typeLabel(doc, raw)}</code>
        </td>
        <td>
          <Text>{p.description ?? raw.description}</Text>
          {constraints(p) ? <span className={styles.muted}> ({constraints(p)})</span> : null}
        </td>
      </tr>,
    );
    if (nested) rows.push(<NestedRows key={`${prefix + name}.`} doc={doc} schema={p} prefix={`${prefix + name}.`} />);
  }
  return rows.length ? (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  ) : null;
}

function NestedRows({ doc, schema, prefix }: { doc: Doc; schema: Schema; prefix: string }) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, raw]) => {
        const p = resolve(doc, raw);
        return (
          <tr key={prefix + name}>
            <td>
              <code>{prefix + name}</code>
              {schema.required?.includes(name) ? <span className={styles.req}> required</span> : null}
            </td>
            <td>
              <code>{typeLabel(doc, raw)}</code>
            </td>
            <td>
              <Text>{p.description ?? raw.description}</Text>
            </td>
          </tr>
        );
      })}
    </>
  );
}

function Example({ doc, schema }: { doc: Doc; schema: Schema }) {
  const ex = resolve(doc, schema).example;
  return ex === undefined ? null : <pre className={styles.pre}>{JSON.stringify(ex, null, 2)}</pre>;
}

export default function ApiDocsPage() {
  const base = getEnv().publicUrl;
  const doc = buildOpenApiDocument(base);
  const ops: Array<{ method: string; path: string; op: Operation }> = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) ops.push({ method, path, op });
    }
  }
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Record<string, Schema>);
  return (
    <div className={styles.layout}>
      <nav className={styles.toc} aria-label="API reference">
        <p className={styles.tocTitle}>Latchkey API</p>
        <ul>
          <li>
            <a href="#authentication">Authentication</a>
          </li>
          {ops.map(({ method, path, op }) => (
            <li key={method + path}>
              <a href={`#${op.operationId}`}>
                <span className={`${styles.method} ${styles[method]}`}>{method.toUpperCase()}</span> {op.summary}
              </a>
            </li>
          ))}
          <li>
            <a href="#embed">Embedding the wizard</a>
          </li>
          <li>
            <a href="#schemas">Schemas</a>
          </li>
        </ul>
      </nav>
      <main className={styles.main}>
        <h1>{doc.info.title}</h1>
        <p>
          <Text>{doc.info.description}</Text>
        </p>
        <p>
          Base URL <code>{base}</code> · OpenAPI 3.1 document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </p>

        <section id="authentication" aria-labelledby="auth-h">
          <h2 id="auth-h">Authentication</h2>
          <p>
            Every call sends a workspace API key as a bearer token. Create one with{" "}
            <code>npm run latchkey -- apikey:create --workspace &lt;slug&gt; --permissions sessions:write,connections:read</code>; it is shown once.
            Permissions: <code>sessions:write</code>, <code>connections:read</code>, <code>connections:write</code>, <code>credentials:read</code> (the passthrough&apos;s GET and HEAD), <code>proxy:write</code> (passthrough writes); the last two only from the command line.
          </p>
          <pre className={styles.pre}>{`curl -X POST ${base}/api/v1/connect/sessions \\
  -H "Authorization: Bearer $LATCHKEY_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"end_user":{"id":"customer-4711","name":"Müller GmbH"},"language":"de"}'`}</pre>
        </section>

        {ops.map(({ method, path, op }) => {
          const body = op.requestBody?.content["application/json"]?.schema;
          return (
            <section key={method + path} id={op.operationId} className={styles.op} aria-labelledby={`${op.operationId}-h`}>
              <h2 id={`${op.operationId}-h`}>{op.summary}</h2>
              <p className={styles.sig}>
                <span className={`${styles.method} ${styles[method]}`}>{method.toUpperCase()}</span> <code>{path}</code>
              </p>
              {op.description ? (
                <p>
                  <Text>{op.description}</Text>
                </p>
              ) : null}
              {op.parameters?.length ? (
                <>
                  <h3>Parameters</h3>
                  <table className={styles.table}>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">In</th>
                        <th scope="col">Type</th>
                        <th scope="col">Description</th>
                      </tr>
                    </thead>
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr key={p.in + p.name}>
                          <td>
                            <code>{p.name}</code>
                            {p.required ? <span className={styles.req}> required</span> : null}
                          </td>
                          <td>{p.in}</td>
                          <td>
                            <code>{typeLabel(doc, p.schema)}</code>
                          </td>
                          <td>
                            <Text>{p.description ?? p.schema?.description}</Text>
                            {p.schema && constraints(p.schema) ? <span className={styles.muted}> ({constraints(p.schema)})</span> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : null}
              {body ? (
                <>
                  <h3>Request body</h3>
                  <Properties doc={doc} schema={body} />
                  <Example doc={doc} schema={body} />
                </>
              ) : null}
              <h3>Responses</h3>
              <ul className={styles.responses}>
                {Object.entries(op.responses ?? {}).map(([status, r]) => {
                  const s = r.content?.["application/json"]?.schema;
                  return (
                    <li key={status}>
                      <strong>{status}</strong> <Text>{r.description}</Text> {s?.$ref ? <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a> : s ? <code>{typeLabel(doc, s)}</code> : null}
                    </li>
                  );
                })}
              </ul>
              {Object.entries(op.responses ?? {})
                .filter(([status]) => status.startsWith("2"))
                .map(([status, r]) => {
                  const s = r.content?.["application/json"]?.schema;
                  return s ? <Example key={status} doc={doc} schema={s} /> : null;
                })}
            </section>
          );
        })}

        <section id="embed" aria-labelledby="embed-h">
          <h2 id="embed-h">Embedding the wizard</h2>
          <p>Load the script from Latchkey and open the modal with the session token your backend created:</p>
          <pre className={styles.pre}>{`<script src="${base}/connect.js"></script>
<script>
  Latchkey.openConnect({
    token,                       // from POST /api/v1/connect/sessions
    language: "de",              // optional: "en" | "de" | "fr" | "es" | "it" | "nl"
    onSuccess: (c) => console.log("connected", c.connectionId, c.provider),
    onEvent: (m) => console.log(m.type, m),   // ready, step, success, error, close
    onClose: (info) => console.log("closed", info.reason),
  });
</script>`}</pre>
          <p>
            As an ES module: <code>{`import { openConnect } from "${base}/connect.mjs";`}</code>. Only origins allowed for your workspace may frame the
            wizard.
          </p>
        </section>

        <section id="schemas" aria-labelledby="schemas-h">
          <h2 id="schemas-h">Schemas</h2>
          {schemas.map(([name, s]) => (
            <div key={name} id={`schema-${name}`} className={styles.schema}>
              <h3>{name}</h3>
              {s.description ? (
                <p>
                  <Text>{s.description}</Text>
                </p>
              ) : null}
              {s.enum ? (
                <p>
                  One of: {s.enum.map((e) => <code key={String(e)}>{String(e)} </code>)}
                </p>
              ) : (
                <Properties doc={doc} schema={s} />
              )}
            </div>
          ))}
        </section>
      </main>
    </div>
  );
}
