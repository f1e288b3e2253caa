import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// The one script of the pages with charts (Chart.js and what draws them), built apart from the
// Remix app because those pages are not hydrated; a classic script, as library builds do not
// minify ES modules. Written into public/, which the app's build then copies.
export default defineConfig({
  plugins: [tsconfigPaths()],
  publicDir: false,
  build: {
    target: "es2022",
    outDir: "public/charts",
    emptyOutDir: true,
    copyPublicDir: false,
    lib: { entry: "app/browser/charts.ts", name: "DebriefCharts", formats: ["iife"], fileName: () => "charts.js" },
  },
});
