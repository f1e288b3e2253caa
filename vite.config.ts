import { vitePlugin as remix } from "@remix-run/dev";
import { createLogger, defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// govuk-frontend's image-url function holds `url($govuk-images-path + $filename)`, a Sass expression
// Vite tries to resolve as a file before Sass runs, and says so once per build. Its only use is the
// footer's crest (.govuk-footer__copyright-logo), which Debrief does not show, so the note is left out.
const logger = createLogger();
const warnOnce = logger.warnOnce.bind(logger);
logger.warnOnce = (message, options) => {
  if (!message.includes("$govuk-images-path")) warnOnce(message, options);
};

export default defineConfig({
  customLogger: logger,
  plugins: [remix(remixConfig), tsconfigPaths()],
  css: {
    preprocessorOptions: {
      scss: {
        api: "modern-compiler",
        // govuk-frontend still uses Sass features newer Sass versions warn about.
        loadPaths: ["node_modules"],
        quietDeps: true,
        silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
      },
    },
  },
  build: {
    // Never ship the Prisma engine or server code to the browser by mistake.
    target: "es2022",
    rollupOptions: {
      onwarn(warning, warn) {
        // Resource routes (CSV and JSON downloads, /healthz, logout) have no browser code, so their client chunks are empty by design.
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
  server: {
    port: 3000,
  },
});
