import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// The HTTP server (server/index.ts) as plain JavaScript, so `npm start` runs it with Node alone.
// Run through tsx, the server also kept tsx's module loader thread and transform cache: about
// 110 MB of its memory. Packages stay imports (an SSR build leaves node_modules external).
export default defineConfig({
  plugins: [tsconfigPaths()],
  publicDir: false,
  build: {
    target: "node20",
    ssr: "server/index.ts",
    outDir: "build/start",
    emptyOutDir: true,
    copyPublicDir: false,
    minify: false,
    rollupOptions: { output: { format: "esm", entryFileNames: "index.js" } },
  },
});
