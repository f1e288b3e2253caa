import { request as httpRequest, type IncomingMessage } from "node:http";

/** A small cookie-keeping HTTP client for the built server, sending same-site headers like a browser. */
export class HttpSession {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (!name) continue;
      const value = rest.join("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async get(path: string) {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { Cookie: this.cookieHeader() }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.baseUrl, Cookie: this.cookieHeader(), ...headers },
      body,
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  /** Posts a file as a browser's file input would (multipart/form-data). */
  async upload(path: string, field: string, fileName: string, content: string | Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    body.append(field, new Blob([content], { type: "text/csv" }), fileName);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: { Origin: this.baseUrl, Cookie: this.cookieHeader() },
      body,
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  /**
   * Starts posting a file as `upload` does, but sends only the first half of it (with its full
   * length announced): the server has begun receiving it. `finish` sends the rest and gives the
   * answer's status and redirect.
   */
  startSlowUpload(path: string, field: string, fileName: string, content: string) {
    const boundary = `----debrief-test-${Math.random().toString(16).slice(2)}`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
    const bytes = Buffer.from(`${head}${content}\r\n--${boundary}--\r\n`);
    const half = Math.floor(bytes.length / 2);
    const request = httpRequest(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: {
        Origin: this.baseUrl,
        Cookie: this.cookieHeader(),
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        "Content-Length": String(bytes.length),
      },
    });
    const answer = new Promise<IncomingMessage>((resolve, reject) => request.on("response", resolve).on("error", reject));
    request.write(bytes.subarray(0, half));
    return {
      finish: async () => {
        request.end(bytes.subarray(half));
        const response = await answer;
        response.resume();
        return { status: response.statusCode ?? 0, location: String(response.headers.location ?? "") };
      },
    };
  }

  /** Signs in with a password (no MFA step), failing loudly if that did not work. */
  async signIn(email: string, password = "demo-password-1") {
    const response = await this.post("/login", { email, password });
    if (response.status !== 302) throw new Error(`sign-in as ${email} answered ${response.status}`);
    return response;
  }
}

/** A page's visible text in one line: tags and scripts removed, the entities Remix writes decoded. */
export function pageText(html: string) {
  return html
    .replaceAll("<!-- -->", "")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");
}
