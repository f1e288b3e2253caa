/**
 * The server overwrites this header on every request with the address Express determined
 * (after `trust proxy`), so a client cannot choose what the audit log and rate limits see.
 */
export const CLIENT_IP_HEADER = "x-debrief-client-ip";

export function clientIpOf(request: Request) {
  return request.headers.get(CLIENT_IP_HEADER) || null;
}
