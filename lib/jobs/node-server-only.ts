// The queue workers run in the launcher (`npm start`) or `npm run worker`: plain Node processes
// outside Next's bundler, where `import "server-only"` throws (its default export condition is
// for client bundles). The vault and the check engine carry that marker, and the health checks
// need both, so this maps "server-only" to its empty server build in this process only. Next's
// own bundles are unaffected: they resolve the marker themselves.
import { register } from "node:module";

let done = false;

export function allowServerOnlyInThisProcess(): void {
  if (done) return;
  done = true;
  const hook = `
    export async function resolve(specifier, context, next) {
      if (specifier === "server-only") return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
}
