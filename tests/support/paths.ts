import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const tsxBin = path.join(projectRoot, "node_modules", ".bin", "tsx");
export const prismaBin = path.join(projectRoot, "node_modules", ".bin", "prisma");
