import { Form, useRevalidator } from "@remix-run/react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAnswerQueue, type AnswerState } from "~/hooks/use-answer-queue";
import { type AttemptStatus, type IntegrityPolicyView, useExamIntegrity } from "~/hooks/use-exam-integrity";
import type { PartContent, QuestionContent } from "~/modules/content";
import { ExamClock } from "./exam-clock";
import { PartInput } from "./question-input";

export interface SittingProps {
  attemptId: string;
  deadlineAt: string;
  serverNow: string;
  items: { index: number; content: QuestionContent }[];
  answers: { item: number; part: number; response: unknown; seq: number }[];
  /** Flags saved with the attempt (server side), so they survive a reload and a change of device. */
  flagged?: number[];
  /** What this page reports and whether it warns (docs/exam-integrity.md). */
  integrity?: IntegrityPolicyView;
  /** The proctor's messages so far. */
  messages?: { id: number; body: string; sentAt: string }[];
}

const NO_POLICY: IntegrityPolicyView = { record: [], warnCandidate: false };

const partsOf = (content: QuestionContent): PartContent[] => (content.type === "case" ? content.parts : [content]);
const isAnswered = (a: AnswerState | undefined) =>
  !!a && a.response !== null && a.response !== "" && !(Array.isArray(a.response) && a.response.length === 0);

export function ExamSitting({
  attemptId,
  deadlineAt,
  serverNow,
  items,
  answers: saved,
  flagged: savedFlags = [],
  integrity = NO_POLICY,
  messages: initialMessages = [],
}: SittingProps) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const [offset, setOffset] = useState(() => new Date(serverNow).getTime() - Date.now());
  const onServerTime = useCallback((now: string) => setOffset(new Date(now).getTime() - Date.now()), []);
  const { answers, answer, closed, offline, unsent, flush, report, deviceRefused, setDeviceRefused } = useAnswerQueue(
    attemptId,
    saved,
    onServerTime,
  );
  // A proctor's extra time moves the deadline; their messages and an ending reach the page by the status poll.
  const [deadline, setDeadline] = useState(deadlineAt);
  const [messages, setMessages] = useState(initialMessages);
  const onStatus = useCallback(
    (status: AttemptStatus) => {
      onServerTime(status.serverNow);
      setDeadline(status.deadlineAt);
      setMessages(status.messages);
      if (status.status !== "open" || status.device.state === "other") revalidator.revalidate();
      else if (deviceRefused) {
        setDeviceRefused(false);
        void flush();
      }
    },
    [onServerTime, revalidator, deviceRefused, setDeviceRefused, flush],
  );
  const [current, setCurrent] = useState(0);
  const [flagged, setFlagged] = useState<Set<number>>(() => new Set(savedFlags));
  const toggleFlag = (index: number, on: boolean) => {
    setFlagged((f) => {
      const next = new Set(f);
      if (on) next.add(index);
      else next.delete(index);
      return next;
    });
    // Best effort: a flag is a reminder, not an answer; the page keeps it even if this request is lost.
    void fetch(`/exams/attempts/${attemptId}/flag`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ item: index, flagged: on }),
      credentials: "same-origin",
    })
      .then((res) => {
        // Another browser holds the attempt now: say so, as a refused save does.
        if (res.status === 403) setDeviceRefused(true);
      })
      .catch(() => undefined);
  };
  const [confirming, setConfirming] = useState(false);
  const [expired, setExpired] = useState(false);
  const over = closed || expired;
  const { notice, dismissNotice } = useExamIntegrity({ attemptId, policy: integrity, report, active: !over, onStatus });
  const fullscreenOffered = integrity.record.includes("fullscreen_exit");

  const itemAnswered = (index: number) =>
    partsOf(items[index]!.content).every((_, j) => isAnswered(answers[`${index}:${j}`]));
  const unanswered = items.filter((i) => !itemAnswered(i.index)).map((i) => i.index + 1);
  const item = items[current]!;
  const onExpire = useCallback(() => {
    setExpired(true);
    // The server closes and grades with the saved answers; show the result.
    window.setTimeout(() => revalidator.revalidate(), 1500);
  }, [revalidator]);

  // The 50 buttons' labels share three words and one sentence: translated once per render, not per button, and the
  // sentence filled in per button (i18next's interpolation for each cost more than the rest of the list).
  const words = { answered: t("exams.answered"), unanswered: t("exams.unanswered"), flagged: t("exams.flagged") };
  const goTo = t("exams.goTo", { n: "\u0001", state: "\u0002" });
  const goToLabel = (n: number, state: string) =>
    goTo.replace("\u0001", () => String(n)).replace("\u0002", () => state);
  const saveState = offline ? t("exams.notSaved") : unsent ? t("exams.saving") : t("exams.saved");
  return (
    <div className="space-y-4">
      <div className="sticky top-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white/95 px-4 py-2">
        <span>
          {t("exams.timeLeft")} <ExamClock deadline={deadline} offsetMs={offset} onExpire={onExpire} />
        </span>
        <span className="text-sm text-slate-600">
          {t("exams.answeredCount", { answered: items.length - unanswered.length, total: items.length })}
        </span>
        <span role="status" aria-live="polite" className={`text-sm ${offline ? "text-red-700" : "text-slate-600"}`}>
          {saveState}
        </span>
      </div>

      {over ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          {t("exams.timeUp")}
        </p>
      ) : null}

      {deviceRefused ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          {t("integrity.sitting.deviceMoved")}
        </p>
      ) : null}

      <div aria-live="polite" className="space-y-2">
        {messages.length ? (
          <section
            className="rounded-md border border-brand-300 bg-brand-50 px-3 py-2"
            aria-labelledby="proctor-messages"
          >
            <h2 id="proctor-messages" className="text-sm font-semibold">
              {t("integrity.sitting.messages")}
            </h2>
            <ul className="text-sm">
              {messages.map((m) => (
                <li key={m.id}>{m.body}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {notice ? (
          <p className="flex items-start justify-between gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <span>
              {t("integrity.sitting.recorded", { event: t(`integrity.kinds.${notice}` as "integrity.kinds.copy") })}
            </span>
            <button type="button" className="link shrink-0" onClick={dismissNotice}>
              {t("integrity.sitting.dismiss")}
            </button>
          </p>
        ) : null}
      </div>

      {fullscreenOffered && !over ? (
        <button
          type="button"
          className="btn-secondary text-sm"
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
        >
          {t("integrity.sitting.fullscreen")}
        </button>
      ) : null}

      <section className="card space-y-4" aria-labelledby="question-heading">
        <div className="flex items-start justify-between gap-3">
          <h2 id="question-heading" className="font-semibold">
            {t("exams.questionOf", { n: current + 1, total: items.length })} · {t(`exams.types.${item.content.type}`)}
          </h2>
          <label className="flex shrink-0 items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={flagged.has(current)}
              onChange={(e) => toggleFlag(current, e.target.checked)}
            />
            {t("exams.flag")}
          </label>
        </div>
        {item.content.type === "case" ? (
          <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-slate-800">{item.content.scenario}</p>
        ) : null}
        {partsOf(item.content).map((part, j) => (
          <div key={j} className="space-y-2">
            <p className="whitespace-pre-wrap">
              {item.content.type === "case" ? `(${j + 1}) ` : ""}
              {part.stem}{" "}
              <span className="text-sm text-slate-500">({t("exams.points", { points: part.pointsTenths / 10 })})</span>
            </p>
            <PartInput
              key={`${current}:${j}`}
              part={part}
              name={`q${current}-${j}`}
              value={answers[`${current}:${j}`]?.response ?? null}
              disabled={over}
              onAnswer={(response) => answer(current, j, response)}
            />
          </div>
        ))}
        <div className="flex justify-between gap-3">
          <button
            type="button"
            className="btn-secondary"
            disabled={current === 0}
            onClick={() => setCurrent((c) => c - 1)}
          >
            {t("exams.previous")}
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={current === items.length - 1}
            onClick={() => setCurrent((c) => c + 1)}
          >
            {t("exams.next")}
          </button>
        </div>
      </section>

      <nav aria-label={t("exams.questionList")} className="card">
        <ol className="grid grid-cols-8 gap-2 sm:grid-cols-10 md:grid-cols-[repeat(17,minmax(0,1fr))]">
          {items.map((i) => {
            const done = itemAnswered(i.index);
            return (
              <li key={i.index}>
                <button
                  type="button"
                  onClick={() => setCurrent(i.index)}
                  aria-current={i.index === current ? "step" : undefined}
                  aria-label={goToLabel(
                    i.index + 1,
                    `${done ? words.answered : words.unanswered}${flagged.has(i.index) ? `, ${words.flagged}` : ""}`,
                  )}
                  className={`w-full rounded-md border px-1 py-1 text-sm tabular-nums ${
                    i.index === current ? "border-brand-700 ring-2 ring-brand-600" : "border-slate-300"
                  } ${done ? "bg-brand-100" : "bg-white"} ${flagged.has(i.index) ? "underline decoration-amber-600 decoration-2" : ""}`}
                >
                  {i.index + 1}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      {confirming ? (
        <section className="card space-y-3 border-amber-300" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" className="font-semibold">
            {t("exams.confirmTitle")}
          </h2>
          <p>
            {unanswered.length ? t("exams.unansweredList", { list: unanswered.join("、") }) : t("exams.allAnswered")}
          </p>
          <Form method="post" onSubmit={() => void flush()} className="flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="btn">
              {t("exams.confirmSubmit")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              {t("exams.keepWorking")}
            </button>
          </Form>
        </section>
      ) : (
        <button type="button" className="btn w-full" disabled={over} onClick={() => setConfirming(true)}>
          {t("exams.submit")}
        </button>
      )}
    </div>
  );
}
