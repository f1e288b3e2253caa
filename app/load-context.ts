/** What the Express server hands every loader and action. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (after `trust proxy`), for rate limits and the audit log. */
    clientIp: string | null;
    /** Per-request nonce that the Content-Security-Policy header allows scripts with. */
    cspNonce: string;
  }
}

export {};
