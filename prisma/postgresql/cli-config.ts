import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));

// PostgreSQL's catalogue types the schema engine reads (`name`, `"char"`), which @prisma/adapter-pg
// 6.19 cannot describe, so every migrate command fails (prisma/orm#27403). Their values are text.
const CATALOGUE_TYPES_AS_TEXT = new Map([
  [18, 25], // "char" → text
  [19, 25], // name → text
  [194, 25], // pg_node_tree → text
  [1003, 1009], // name[] → text[]
]);

function relabel(answer: pg.QueryResult | undefined) {
  for (const field of answer?.fields ?? []) field.dataTypeID = CATALOGUE_TYPES_AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
  return answer;
}

class CatalogueAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has a dozen overloads; this only relabels the result's column types
  override query(...args: any[]): any {
    // The pool passes a callback; a caller of the client itself may await a promise instead.
    const callback: unknown = args.at(-1);
    if (typeof callback === "function") args[args.length - 1] = (error: unknown, answer: pg.QueryResult) => callback(error, relabel(answer));
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then(relabel) : result;
  }
}

/**
 * The Prisma CLI on PostgreSQL (issue #9): the schema written from prisma/schema.prisma, its own
 * migrations, and the JavaScript schema engine through the driver adapter, so the CLI needs no
 * binary download.
 */
export function postgresqlCliConfig(databaseUrl: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(here, "schema.prisma"),
    migrations: { path: path.join(here, "migrations"), seed: "tsx prisma/seed.ts" },
    async adapter() {
      const pool = new pg.Pool({ connectionString: databaseUrl, Client: CatalogueAsTextClient });
      const factory = new PrismaPg(pool, { disposeExternalPool: true });
      return {
        provider: factory.provider,
        adapterName: factory.adapterName,
        connectToShadowDb: () => factory.connectToShadowDb(),
        async connect() {
          const adapter = await factory.connect();
          // The adapter cuts a script at every ";", also inside a function's body (the triggers of the
          // init migration). PostgreSQL runs a whole script sent as one simple query, in one transaction.
          adapter.executeScript = async (script) => {
            await pool.query(script);
          };
          return adapter;
        },
      };
    },
  });
}
