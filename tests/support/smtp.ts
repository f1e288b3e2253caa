import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; raw: string; subject: string; body: string };

/** Undoes quoted-printable (soft line breaks, =XX bytes), as nodemailer writes a long plain-text line. */
const quotedPrintable = (text: string) =>
  Buffer.from(text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");

/**
 * A real SMTP server on loopback that keeps every message it is given: what Debrief sends, read as
 * the recipient's mail server would receive it. No TLS and no sign-in: it is this machine's own.
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  /** While true, every recipient is refused (550), as a mail server that will not take the message. */
  const refusing = { now: false };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusing.now) return callback();
      callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const [headers = "", ...rest] = raw.split(/\r?\n\r?\n/);
        const body = /content-transfer-encoding:\s*quoted-printable/i.test(headers) ? quotedPrintable(rest.join("\n\n")) : rest.join("\n\n");
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? "",
          body,
        };
        received.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refusing,
    /** The next message to arrive (or the one that already has, if not yet taken). */
    nextMail(taken = 0): Promise<ReceivedMail> {
      if (received.length > taken) return Promise.resolve(received[taken]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("No e-mail arrived within 10 s")), 10_000);
        waiting.push((mail) => {
          clearTimeout(timer);
          resolve(mail);
        });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
