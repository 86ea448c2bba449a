// A local SMTP server that accepts every mail and remembers who got what (smtp-server, from the nodemailer project):
// the cluster smoke and `BENCH_TOPOLOGY=nginx` point the workers' SMTP_URL at it and count what arrives.
import { SMTPServer } from "smtp-server";

/**
 * Starts the sink on 127.0.0.1 (port 0: any free one). `received` holds one entry per accepted message
 * (its recipients, subject and Message-ID); `byRecipient()` counts them per address.
 */
export async function startSmtpSink({ port = 0 } = {}) {
  const received = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS upgrade, no sign-in.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        const head = Buffer.concat(chunks)
          .toString("utf8")
          .split(/\r?\n\r?\n/)[0];
        const header = (name) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? null;
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: header("Subject"),
          messageId: header("Message-ID"),
        });
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.server.address();
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    /** Messages per recipient address. */
    byRecipient() {
      const counts = new Map();
      for (const message of received) for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
