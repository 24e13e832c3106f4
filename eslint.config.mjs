import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import fs from "node:fs";
import path from "node:path";

// The vault decrypts credentials: it must never reach a browser bundle. This rule flags any import
// of lib/vault (by alias or relative path, static or dynamic) in a file marked "use client".
const vaultPath = /(^|\/)lib\/vault(\/|$)/;
function importsVault(specifier, filename) {
  if (typeof specifier !== "string") return false;
  if (specifier === "@/lib/vault" || specifier.startsWith("@/lib/vault/")) return true;
  if (!specifier.startsWith(".")) return false;
  const resolved = path.resolve(path.dirname(filename), specifier);
  return vaultPath.test(path.relative(import.meta.dirname, resolved).split(path.sep).join("/"));
}
// import/no-cycle, but only for files on disk: its cycle search starts from the linted file and
// throws on one that does not exist yet (ESLint's lintText with a new path, as the lint tests and
// editors do). eslint-plugin-import comes with eslint-config-next.
const importPlugin = nextVitals.find((c) => c.plugins?.import)?.plugins.import;
if (!importPlugin) throw new Error("eslint-config-next no longer brings eslint-plugin-import: declare it and import it here");
const noCycle = importPlugin.rules["no-cycle"];
const latchkeyPlugin = {
  rules: {
    "no-cycle": {
      meta: noCycle.meta,
      create(context) {
        const filename = context.physicalFilename ?? context.filename;
        return fs.existsSync(filename) ? noCycle.create(context) : {};
      },
    },
    // Case 20: a message to another window names the origin it is for; "*" would hand it to
    // whatever page happens to be there (the wizard's parent can be navigated away).
    "no-postmessage-star-origin": {
      meta: {
        type: "problem",
        schema: [],
        messages: { star: "postMessage must name the target origin, never \"*\" (or a targetOrigin of \"*\")." },
      },
      create(context) {
        const isStar = (n) => !!n && ((n.type === "Literal" && n.value === "*") || (n.type === "TemplateLiteral" && n.expressions.length === 0 && n.quasis[0]?.value.cooked === "*"));
        const starOption = (n) => n?.type === "ObjectExpression" && n.properties.some((p) => p.type === "Property" && !p.computed && (p.key.name ?? p.key.value) === "targetOrigin" && isStar(p.value));
        return {
          CallExpression(node) {
            const callee = node.callee;
            const name = callee.type === "MemberExpression" && !callee.computed ? callee.property.name : callee.type === "Identifier" ? callee.name : null;
            if (name !== "postMessage") return;
            const target = node.arguments[1];
            if (isStar(target) || starOption(target)) context.report({ node, messageId: "star" });
          },
        };
      },
    },
    "no-vault-in-client": {
      meta: {
        type: "problem",
        schema: [],
        messages: { vault: "lib/vault decrypts credentials and is server-only: do not import it from client code (\"use client\" files, components/)." },
      },
      create(context) {
        const filename = context.filename ?? context.getFilename();
        let client = false;
        const check = (node, source) => {
          if (client && source && importsVault(source.value, filename)) context.report({ node, messageId: "vault" });
        };
        return {
          Program(node) {
            client = node.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
          },
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
        };
      },
    },
  },
};

// The import directions of docs/architecture.md ("Parts and import directions"). Paths are relative
// to the repository root; `except` paths are relative to their zone's `from`. Tests are wiring
// harnesses (a test may set up a database row for a provider) and are exempt.
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/*.int.test.ts"];
const boundaryZones = [
  { target: "./lib", from: "./components", message: "lib never imports components (app → components → lib)." },
  { target: "./lib", from: "./app", message: "lib never imports app (app → components → lib)." },
  {
    // The one upward call: a client component calls the server actions of its route ("use server"
    // modules named actions.ts or *-actions.ts), which Next.js turns into requests, not shared code.
    target: "./components",
    from: "./app/**/*",
    except: ["**/actions.ts", "**/*-actions.ts"],
    message: "components never import app (app → components → lib); only server actions (actions.ts) may be called.",
  },
  {
    target: "./lib/db",
    from: "./lib",
    except: ["./db", "./env.ts", "./log.ts", "./errors.ts", "./ids.ts"],
    message: "lib/db knows no flow: it imports only configuration (lib/env), logging (lib/log) and the leaf helpers lib/errors and lib/ids.",
  },
  // The helpers lib/db may use stay leaves, so lib/db reaches no flow through them.
  { target: "./lib/errors.ts", from: "./lib", except: ["./errors.ts"], message: "lib/errors is a leaf: it imports nothing from lib." },
  { target: "./lib/ids.ts", from: "./lib", except: ["./ids.ts"], message: "lib/ids is a leaf: it imports nothing from lib." },
  { target: "./lib/env.ts", from: "./lib", except: ["./env.ts", "./client-address.ts"], message: "lib/env is a leaf: it imports nothing from lib but the leaf lib/client-address (TRUST_PROXY is parsed there)." },
  { target: "./lib/client-address.ts", from: "./lib", except: ["./client-address.ts"], message: "lib/client-address is a leaf: it imports nothing from lib." },
  { target: "./lib/log.ts", from: "./lib", except: ["./log.ts", "./env.ts"], message: "lib/log imports only lib/env from lib." },
  { target: "./lib/vault", from: "./lib/providers", message: "lib/vault imports no provider." },
  { target: "./lib/vault", from: "./lib/sandbox", message: "lib/vault imports no provider simulator." },
  { target: "./lib/providers", from: "./lib/db", message: "Providers import no database code: lib/connections applies what a provider reports." },
  { target: "./lib/sandbox", from: "./lib/vault", message: "lib/sandbox (the simulators) never sees the vault." },
  { target: "./lib/sandbox", from: "./lib/db", message: "lib/sandbox (the simulators) imports no database code." },
];

// TEMPORARY: today's violations, each owned by a part that is fixing it in its own branch. An entry
// here turns both boundary rules off for that one file; delete it when its part merges.
export const boundaryAllowList = [
  // Empty: every import direction of docs/architecture.md holds. A file listed here is exempt from
  // the boundary and cycle rules; the lint test fails on an entry that no longer needs it.
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "examples/*/.next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "artifacts/**", "next-env.d.ts", "packages/*/dist/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Only lib/env.ts reads process.env: configuration is validated in one place.
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/env.ts", "**/*.test.ts", "**/*.int.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through getEnv() in lib/env.ts." }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.jsx", "**/*.mjs"],
    plugins: { latchkey: latchkeyPlugin },
    rules: { "latchkey/no-vault-in-client": "error", "latchkey/no-postmessage-star-origin": "error" },
  },
  {
    // Components render in the browser (or may, once a parent marks them "use client").
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/vault", "@/lib/vault/*", "**/lib/vault", "**/lib/vault/*"], message: "lib/vault is server-only: components never see credentials." }] },
      ],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    ignores: TEST_FILES,
    settings: {
      // Resolve into packages but never parse them: the rules need only our own modules' imports
      // (parsing @electric-sql/pglite's bundle overflows the stack and costs seconds).
      "import/ignore": ["node_modules"],
    },
    rules: {
      "import/no-restricted-paths": ["error", { zones: boundaryZones }],
      // Cycles make module initialisation order matter (a helper used before its module ran).
      "latchkey/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Providers and their simulators import no database code: not lib/db (above), nor drizzle-orm.
    files: ["lib/providers/**", "lib/sandbox/**"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "drizzle-orm", message: "Providers and simulators import no database code (docs/architecture.md)." }], patterns: [{ group: ["drizzle-orm/*"], message: "Providers and simulators import no database code (docs/architecture.md)." }] },
      ],
    },
  },
  // ESLint refuses an empty `files`, so the exemption exists only while the list has entries.
  ...(boundaryAllowList.length
    ? [{ name: "latchkey/boundary-allow-list", files: boundaryAllowList, rules: { "import/no-restricted-paths": "off", "latchkey/no-cycle": "off", "no-restricted-imports": "off" } }]
    : []),
  {
    // App code goes through @/lib/vault, which carries `import "server-only"`; its inner files do not.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/vault/*"], message: "Import from @/lib/vault (it is marked server-only), not its inner files." }] }],
    },
  },
];

export default config;
