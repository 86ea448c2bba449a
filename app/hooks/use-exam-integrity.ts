import { useEffect, useRef, useState } from "react";

export interface IntegrityPolicyView {
  /** The kinds this page reports (the exam's policy in levels.yaml). */
  record: string[];
  warnCandidate: boolean;
}

export interface AttemptStatus {
  status: string;
  deadlineAt: string;
  endReason: string | null;
  device: { state: "bound" } | { state: "other"; request: unknown };
  messages: { id: number; body: string; sentAt: string }[];
  serverNow: string;
}

const POLL_MS = 10_000;

/**
 * The exam page's integrity side (docs/exam-integrity.md): reports leaving the page or window, leaving
 * fullscreen, copy and paste, and the connection dropping and coming back, through the answer queue
 * (`report`); and polls the attempt's status, so a proctor's extra time, message or ending reaches the page.
 */
export function useExamIntegrity({
  attemptId,
  policy,
  report,
  active,
  onStatus,
}: {
  attemptId: string;
  policy: IntegrityPolicyView;
  report: (kind: string) => void;
  active: boolean;
  onStatus: (status: AttemptStatus) => void;
}) {
  const [notice, setNotice] = useState<string | null>(null);
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    if (!active) return;
    const record = (kind: string) => {
      if (!policy.record.includes(kind)) return;
      report(kind);
      if (policy.warnCandidate && kind !== "online") setNotice(kind);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") record("page_hidden");
    };
    const onBlur = () => record("window_blur");
    const onFullscreen = () => {
      if (!document.fullscreenElement) record("fullscreen_exit");
    };
    const onCopy = () => record("copy");
    const onPaste = () => record("paste");
    const onOffline = () => record("offline");
    const onOnline = () => record("online");
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("blur", onBlur);
    document.addEventListener("fullscreenchange", onFullscreen);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("blur", onBlur);
      document.removeEventListener("fullscreenchange", onFullscreen);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
    };
  }, [active, policy, report]);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetch(`/exams/attempts/${attemptId}/status`, { credentials: "same-origin" });
        const body = (await res.json().catch(() => null)) as AttemptStatus | null;
        if (res.ok && body && !stopped) onStatusRef.current(body);
      } catch {
        // Offline: the answer queue says so; the next poll tries again.
      }
    };
    const id = window.setInterval(() => void poll(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void poll();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      window.clearInterval(id);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [active, attemptId]);

  return { notice, dismissNotice: () => setNotice(null) };
}
