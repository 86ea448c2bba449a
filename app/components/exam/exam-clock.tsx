import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Counts down to the server's deadline. The remaining time is computed from the clock on every tick
 * (never by counting ticks), corrected by the server's time, so a throttled background tab is right
 * again the moment it is seen.
 */
export function ExamClock({
  deadline,
  offsetMs,
  onExpire,
}: {
  deadline: string;
  offsetMs: number;
  onExpire: () => void;
}) {
  const { t } = useTranslation();
  const remaining = () => Math.max(0, new Date(deadline).getTime() - (Date.now() + offsetMs));
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => {
      const ms = remaining();
      setLeft(ms);
      if (ms <= 0) onExpire();
    };
    tick();
    const id = window.setInterval(tick, 1000);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(id);
      document.removeEventListener("visibilitychange", tick);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the deadline and offset drive the clock
  }, [deadline, offsetMs]);
  if (left === null) return <span className="tabular-nums">--:--</span>;
  const total = Math.ceil(left / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const text = `${h ? `${h}:` : ""}${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return (
    <span
      role="timer"
      aria-label={t("exams.timeLeft")}
      className={`tabular-nums font-semibold ${total < 300 ? "text-red-700" : ""}`}
    >
      {text}
    </span>
  );
}
