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
  const sending = useRef(false);
  const backoff = useRef(1000);
  const timer = useRef<number | undefined>(undefined);
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

  const unsent = Object.values(answers).filter((a) => a.status !== "saved").length;
  return { answers, answer, closed, offline, unsent, flush };
}
