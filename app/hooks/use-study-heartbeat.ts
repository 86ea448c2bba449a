import { useEffect } from "react";

const BEAT_MS = 30_000;
const IDLE_AFTER_MS = 90_000;

/**
 * Sends the active time spent on a lesson to the server every 30 s: time counts only while the page
 * is visible and the reader has scrolled, typed, touched or moved within the last 90 s. The server
 * caps what it accepts (wall-clock time, a multiple of the lesson's estimate), so this only reports.
 */
export function useStudyHeartbeat(lessonId: string) {
  useEffect(() => {
    let lastActivity = Date.now();
    let lastTick = Date.now();
    let pending = 0;

    const onActivity = () => {
      lastActivity = Date.now();
    };
    const accumulate = () => {
      const now = Date.now();
      if (document.visibilityState === "visible" && now - lastActivity < IDLE_AFTER_MS) pending += now - lastTick;
      lastTick = now;
    };
    const send = (useBeacon: boolean) => {
      accumulate();
      const seconds = Math.min(300, Math.floor(pending / 1000));
      if (seconds < 1) return;
      pending -= seconds * 1000;
      const body = JSON.stringify({ lessonId, seconds });
      if (useBeacon && navigator.sendBeacon) {
        navigator.sendBeacon("/learn/heartbeat", new Blob([body], { type: "application/json" }));
      } else {
        fetch("/learn/heartbeat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
          credentials: "same-origin",
          keepalive: true,
        }).catch(() => {
          // Offline: keep the time for the next beat.
          pending += seconds * 1000;
        });
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") send(true);
      else {
        lastTick = Date.now();
        lastActivity = Date.now();
      }
    };

    const events = ["scroll", "keydown", "pointerdown", "pointermove", "touchstart", "wheel"] as const;
    for (const e of events) window.addEventListener(e, onActivity, { passive: true });
    document.addEventListener("visibilitychange", onVisibility);
    const timer = window.setInterval(() => send(false), BEAT_MS);
    return () => {
      send(true);
      window.clearInterval(timer);
      for (const e of events) window.removeEventListener(e, onActivity);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [lessonId]);
}
