import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
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
const latchkeyPlugin = {
  rules: {
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

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "artifacts/**", "next-env.d.ts", "public/connect.js"],
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
    rules: { "latchkey/no-vault-in-client": "error" },
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
    // App code goes through @/lib/vault, which carries `import "server-only"`; its inner files do not.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/vault/*"], message: "Import from @/lib/vault (it is marked server-only), not its inner files." }] }],
    },
  },
];

export default config;
