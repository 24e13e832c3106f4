// `npm run db:migrate`: apply pending migrations (the app also does this at start).
import { boot } from "@/lib/boot";
import { ConfigError } from "@/lib/env";

boot("migrate")
  .then(async (b) => {
    process.stdout.write("Migrations are up to date.\n");
    await b.shutdown();
  })
  .catch((err: unknown) => {
    process.stderr.write((err instanceof ConfigError ? err.message : `Migration failed: ${err instanceof Error ? err.message : String(err)}`) + "\n");
    process.exit(1);
  });
