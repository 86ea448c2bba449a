import type { LoaderFunctionArgs } from "@remix-run/node";
import { consoleSignature, consoleSnapshot, proctoredSession, sessionAccessView } from "~/modules/exams/index.server";
import { requireCenter } from "~/utils/center.server";

/** How long one stream lasts: the browser's EventSource reconnects, and the caller's rights are checked again. */
const STREAM_MS = 15 * 60_000;
/** Even with nothing changed, the picture is read again this often ("disconnected" follows the clock). */
const FULL_EVERY_MS = 10_000;

/**
 * The proctor console's live feed (docs/exam-integrity.md): server-sent events. Every second a cheap
 * "changed since" signature is compared; the whole picture is read and sent only when it differs (or every
 * 10 s). Staff of another center are refused before anything is streamed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const session = await proctoredSession(database, user, center.id, params.sessionId ?? "");
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const opened = Date.now();
      let last = "";
      let lastFull = 0;
      let lastWrite = Date.now();
      let busy = false;
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const write = (text: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const tick = async () => {
        if (busy || closed) return;
        busy = true;
        try {
          const now = Date.now();
          if (now - opened > STREAM_MS) return close();
          const signature = await consoleSignature(database, session.id);
          if (signature !== last || now - lastFull >= FULL_EVERY_MS) {
            // Read again: the access settings may have been changed from the console's form.
            const current = await proctoredSession(database, user, center.id, session.id);
            const snapshot = await consoleSnapshot(database, current, new Date(now));
            last = signature;
            lastFull = now;
            write(
              `event: snapshot\ndata: ${JSON.stringify({ ...snapshot, access: sessionAccessView(current, new Date(now)) })}\n\n`,
            );
          } else if (now - lastWrite > 15_000) write(": keep-alive\n\n");
        } catch (error) {
          console.error("proctor console stream:", error);
          close();
        } finally {
          busy = false;
        }
      };
      write("retry: 2000\n\n");
      void tick();
      timer = setInterval(() => void tick(), 1_000);
      request.signal.addEventListener("abort", close);
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware leaves it alone, so each event leaves at once.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
