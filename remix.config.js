// The single source of Remix options: vite.config.ts passes this object to the Remix
// Vite plugin, and app/routes.ts reads ignoredRouteFiles from it.
/** @type {import('@remix-run/dev').VitePluginConfig} */
const remixConfig = {
  appDirectory: "app",
  buildDirectory: "build",
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/*.server.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: true,
  },
};

export default remixConfig;
