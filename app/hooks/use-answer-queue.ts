import { useCallback, useEffect, useRef, useState } from "react";

export type SaveStatus = "saved" | "saving" | "pending";
export interface AnswerState {
  response: unknown;
  seq: number;
  status: SaveStatus;
}
export type AnswerKey = `${number}:${number}`;

interface ServerAnswer {
  item: number;
  part: number;
  response: unknown;
  seq: number;
}

const storageKey = (attemptId: string) => `tma:attempt:${attemptId}:pending`;
const eventsKey = (attemptId: string) => `tma:attempt:${attemptId}:events`;

/** An integrity event waiting to be sent (docs/exam-integrity.md): numbered, so a retry is stored once. */
interface QueuedEvent {
  seq: number;
  kind: string;
  at: string;
}

function readEvents(attemptId: string): { next: number; events: QueuedEvent[] } {
  try {
    const stored = JSON.parse(localStorage.getItem(eventsKey(attemptId)) ?? "null") as {
      next?: number;
      events?: QueuedEvent[];
    } | null;
    return { next: stored?.next ?? 1, events: stored?.events ?? [] };
  } catch {
    return { next: 1, events: [] };
  }
}

function writeEvents(attemptId: string, value: { next: number; events: QueuedEvent[] }) {
  try {
    localStorage.setItem(eventsKey(attemptId), JSON.stringify(value));
  } catch {
    // As for answers: the in-memory copy is lost on reload only.
  }
}

/** Events per request: within the server's limit of 30 a minute, so a batch is never too big to pass. */
const EVENT_BATCH = 20;

/** Events not yet sent; at most this many are kept (the oldest go first), so a stuck page cannot fill storage. */
const MAX_QUEUED_EVENTS = 500;

function readPending(attemptId: string): Record<string, { response: unknown; seq: number }> {
  try {
    return JSON.parse(localStorage.getItem(storageKey(attemptId)) ?? "{}");
  } catch {
    return {};
  }
}

function writePending(attemptId: string, pending: Record<string, { response: unknown; seq: number }>) {
  try {
    if (Object.keys(pending).length) localStorage.setItem(storageKey(attemptId), JSON.stringify(pending));
    else localStorage.removeItem(storageKey(attemptId));
  } catch {
    // Private mode or a full quota: the in-memory queue still retries.
  }
}

/**
 * Every answer is saved as it is given, with a sequence number. Unsent answers are kept in localStorage
 * and retried with backoff, so a dropped connection, a reload or a crash loses nothing; the server keeps
 * only the highest sequence number, so retries and stale saves are harmless.
 */
export function useAnswerQueue(
  attemptId: string,
  serverAnswers: ServerAnswer[],
  onServerTime: (serverNow: string) => void,
) {
  const [answers, setAnswers] = useState<Record<string, AnswerState>>(() => {
    const initial: Record<string, AnswerState> = {};
    for (const a of serverAnswers)
      initial[`${a.item}:${a.part}`] = { response: a.response, seq: a.seq, status: "saved" };
    return initial;
  });
  const [closed, setClosed] = useState(false);
  const [offline, setOffline] = useState(false);
  // Another browser holds the attempt: answers stay queued here (never dropped) until this one may save again.
  const [deviceRefused, setDeviceRefused] = useState(false);
  const sending = useRef(false);
  const backoff = useRef(1000);
  const timer = useRef<number | undefined>(undefined);
  const eventsTimer = useRef<number | undefined>(undefined);
  const answersRef = useRef(answers);
  answersRef.current = answers;

  const flush = useCallback(async () => {
    if (sending.current || closed) return;
    sending.current = true;
    try {
      const pending = readPending(attemptId);
      for (const [key, entry] of Object.entries(pending)) {
        const [item, part] = key.split(":").map(Number);
        setAnswers((current) => ({ ...current, [key]: { ...entry, status: "saving" } }));
        let res: Response;
        try {
          res = await fetch(`/exams/attempts/${attemptId}/save`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ item, part, response: entry.response, seq: entry.seq }),
            credentials: "same-origin",
          });
        } catch {
          throw new Error("offline");
        }
        const body = (await res.json().catch(() => ({}))) as {
          ok?: boolean;
          seq?: number;
          reason?: string;
          serverNow?: string;
        };
        if (body.serverNow) onServerTime(body.serverNow);
        if (res.status === 409) {
          setClosed(true);
          return;
        }
        if (res.status === 403 && body.reason === "device") {
          setDeviceRefused(true);
          return;
        }
        if (!res.ok) {
          if (res.status >= 500) throw new Error("server");
          // Refused as invalid: nothing to retry.
          const latest = readPending(attemptId);
          delete latest[key];
          writePending(attemptId, latest);
          continue;
        }
        const latest = readPending(attemptId);
        // Only drop it if no newer answer was given meanwhile.
        if (latest[key] && latest[key].seq <= (body.seq ?? entry.seq)) delete latest[key];
        writePending(attemptId, latest);
        setAnswers((current) => {
          const now = current[key];
          if (!now || now.seq > (body.seq ?? entry.seq)) return current;
          return { ...current, [key]: { ...now, status: "saved" } };
        });
      }
      // Answers first; then the integrity events, in batches, through the same retries. A batch fits within the
      // server's limit (30 a minute), and an answer given meanwhile goes before the next batch.
      for (;;) {
        const queued = readEvents(attemptId).events.slice(0, EVENT_BATCH);
        if (!queued.length || Object.keys(readPending(attemptId)).length) break;
        let res: Response;
        try {
          res = await fetch(`/exams/attempts/${attemptId}/events`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ events: queued }),
            credentials: "same-origin",
          });
        } catch {
          throw new Error("offline");
        }
        // Read the answer through, so the request ends (a body left unread keeps it open).
        await res.text().catch(() => "");
        if (res.status >= 500) throw new Error("server");
        if (res.status === 429) {
          // Limited: try again when the server says, without calling the connection lost.
          const wait = Math.min(Math.max(Number(res.headers.get("Retry-After")) || 5, 1), 60);
          window.clearTimeout(eventsTimer.current);
          eventsTimer.current = window.setTimeout(() => void flush(), wait * 1000);
          break;
        }
        if (res.status === 403) {
          setDeviceRefused(true);
          break;
        }
        // Stored, or refused for good (closed, invalid): either way these are done.
        const sent = new Set(queued.map((e) => e.seq));
        const latest = readEvents(attemptId);
        writeEvents(attemptId, { ...latest, events: latest.events.filter((e) => !sent.has(e.seq)) });
      }
      setOffline(false);
      backoff.current = 1000;
    } catch {
      setOffline(true);
      setAnswers((current) => {
        const next = { ...current };
        for (const key of Object.keys(readPending(attemptId)))
          if (next[key]) next[key] = { ...next[key]!, status: "pending" };
        return next;
      });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        void flush();
      }, backoff.current);
      backoff.current = Math.min(backoff.current * 2, 30_000);
    } finally {
      sending.current = false;
    }
    if (Object.keys(readPending(attemptId)).length && !timer.current) void flush();
  }, [attemptId, closed, onServerTime]);

  // On load: answers this browser has not sent yet win over older server copies, and are sent again.
  useEffect(() => {
    const pending = readPending(attemptId);
    const stale: string[] = [];
    setAnswers((current) => {
      const next = { ...current };
      for (const [key, entry] of Object.entries(pending)) {
        if ((current[key]?.seq ?? 0) >= entry.seq) stale.push(key);
        else next[key] = { ...entry, status: "pending" };
      }
      return next;
    });
    for (const key of stale) delete pending[key];
    writePending(attemptId, pending);
    void flush();
    const online = () => {
      backoff.current = 1000;
      void flush();
    };
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      window.clearTimeout(timer.current);
      window.clearTimeout(eventsTimer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per attempt
  }, [attemptId]);

  const answer = useCallback(
    (item: number, part: number, response: unknown) => {
      const key = `${item}:${part}`;
      const seq = Math.max(answersRef.current[key]?.seq ?? 0, readPending(attemptId)[key]?.seq ?? 0) + 1;
      const pending = readPending(attemptId);
      pending[key] = { response, seq };
      writePending(attemptId, pending);
      setAnswers((current) => ({ ...current, [key]: { response, seq, status: "pending" } }));
      window.clearTimeout(timer.current);
      timer.current = undefined;
      void flush();
    },
    [attemptId, flush],
  );

  /** Queues an integrity event with the time it happened; sent after the answers, retried like them. */
  const report = useCallback(
    (kind: string) => {
      const stored = readEvents(attemptId);
      const events = [...stored.events, { seq: stored.next, kind, at: new Date().toISOString() }].slice(
        -MAX_QUEUED_EVENTS,
      );
      writeEvents(attemptId, { next: stored.next + 1, events });
      if (!sending.current && !timer.current) void flush();
    },
    [attemptId, flush],
  );

  const unsent = Object.values(answers).filter((a) => a.status !== "saved").length;
  return { answers, answer, closed, offline, unsent, flush, report, deviceRefused, setDeviceRefused };
}
