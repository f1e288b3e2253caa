import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));
// The CLI reads the schema's env("DATABASE_URL"), and without a PostgreSQL one it would try to fetch
// a query engine. `prisma generate` (at npm install) needs no real database, so it gets a stand-in.
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = "postgresql://localhost/debrief";

// The Prisma CLI on PostgreSQL (issue #9): the schema written from prisma/schema.prisma and the
// JavaScript schema engine through the driver adapter, so the CLI needs no binary download.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(here, "schema.prisma"),
  migrations: { path: path.join(here, "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
