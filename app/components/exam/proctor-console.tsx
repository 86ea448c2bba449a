import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";

/** The proctor console's parts (docs/exam-integrity.md): the live table, the actions, access, the record. */

export interface ConsoleCandidate {
  userId: string;
  name: string;
  state: "expected" | "started" | "answering" | "disconnected" | "submitted";
  attemptId: string | null;
  answered: number;
  items: number;
  lastSaveAt: string | null;
  deadlineAt: string | null;
  endReason: string | null;
  events: number;
  alert: boolean;
  deviceRequest: { id: string; requestedAt: string } | null;
  review: string | null;
}

export interface ConsoleAccess {
  accessCodeMode: string;
  accessCode: string | null;
  codeChangesAt: string | null;
  accessRotateMinutes: number;
  allowedNetworks: string[];
  deviceChangeWaitMinutes: number | null;
}

export interface ConsoleView {
  now: string;
  alertAfter: number;
  totals: Record<"expected" | "started" | "answering" | "disconnected" | "submitted", number>;
  candidates: ConsoleCandidate[];
  events: { id: number; name: string; attemptId: string; kind: string; occurredAt: string }[];
  access: ConsoleAccess;
}

type ActionReply = { ok: boolean; message: string };

/** A form of the console: posts without leaving the page, and says what happened under it. */
function ActionForm({
  children,
  className,
  fetcher: given,
}: {
  children: ReactNode;
  className?: string;
  /** Given when what it says must outlive the form's own reason to be shown. */
  fetcher?: ReturnType<typeof useFetcher<ActionReply>>;
}) {
  const { t } = useTranslation();
  const own = useFetcher<ActionReply>();
  const fetcher = given ?? own;
  return (
    <fetcher.Form method="post" className={className}>
      {children}
      {fetcher.data ? (
        <FormMessage tone={fetcher.data.ok ? "success" : "error"}>
          {t(fetcher.data.message as "integrity.console.invalid")}
        </FormMessage>
      ) : null}
    </fetcher.Form>
  );
}

export function ProctorConsole({
  initial,
  liveUrl,
  recordHref,
}: {
  initial: ConsoleView;
  liveUrl: string;
  recordHref: (attemptId: string) => string;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [view, setView] = useState(initial);
  const [live, setLive] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // A revalidation after an action brings a fresh picture too.
  useEffect(() => setView(initial), [initial]);
  useEffect(() => {
    const source = new EventSource(liveUrl);
    source.addEventListener("snapshot", (event) => {
      setView(JSON.parse((event as MessageEvent<string>).data) as ConsoleView);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [liveUrl]);
  const chosen = view.candidates.find((c) => c.userId === selected) ?? null;
  const time = (iso: string | null) => (iso ? formatDateTime(iso, language) : "—");
  return (
    <div className="space-y-6">
      <section className="card space-y-2" aria-labelledby="console-access-code">
        <h2 id="console-access-code" className="font-semibold">
          {t("integrity.console.accessCode")}
        </h2>
        {view.access.accessCode ? (
          <p>
            <span className="font-mono text-3xl tracking-widest" data-testid="access-code">
              {view.access.accessCode}
            </span>
            {view.access.codeChangesAt ? (
              <span className="ml-3 text-sm text-slate-600">
                {t("integrity.console.codeChangesAt", { time: time(view.access.codeChangesAt) })}
              </span>
            ) : null}
          </p>
        ) : (
          <p className="text-sm text-slate-700">{t("integrity.console.noCode")}</p>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="console-candidates">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="console-candidates" className="font-semibold">
            {t("integrity.console.candidates")}
          </h2>
          <span role="status" className="text-sm text-slate-600">
            {live ? t("integrity.console.live") : t("integrity.console.connecting")}
          </span>
        </div>
        <ul className="flex flex-wrap gap-4 text-sm" aria-label={t("integrity.console.totals")}>
          {(["expected", "started", "answering", "disconnected", "submitted"] as const).map((k) => (
            <li key={k}>
              {t(`integrity.state.${k}`)}：<span className="font-semibold tabular-nums">{view.totals[k]}</span>
            </li>
          ))}
        </ul>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-3">
                  {t("integrity.console.name")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("integrity.console.state")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("integrity.console.answered")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("integrity.console.lastSave")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("integrity.console.events")}
                </th>
                <th scope="col" className="py-1">
                  {t("integrity.console.actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.candidates.map((c) => (
                <tr key={c.userId} className="border-b border-slate-100 align-top" data-candidate={c.name}>
                  <td className="py-1 pr-3">{c.name}</td>
                  <td className="py-1 pr-3">
                    {t(`integrity.state.${c.state}`)}
                    {c.deviceRequest ? (
                      <span className="ml-1 font-medium text-amber-900">· {t("integrity.console.deviceRequest")}</span>
                    ) : null}
                    {c.review ? (
                      <span className="ml-1 text-slate-700">
                        · {t(`integrity.review.state.${c.review}` as "integrity.review.state.pending")}
                      </span>
                    ) : null}
                  </td>
                  <td className="py-1 pr-3 tabular-nums">{c.attemptId ? `${c.answered}/${c.items}` : "—"}</td>
                  <td className="py-1 pr-3 tabular-nums">{time(c.lastSaveAt)}</td>
                  <td className={`py-1 pr-3 tabular-nums ${c.alert ? "font-semibold text-red-800" : ""}`}>
                    {c.events}
                    {c.alert ? ` · ${t("integrity.console.alert")}` : ""}
                  </td>
                  <td className="py-1">
                    {c.attemptId ? (
                      <div className="flex flex-wrap gap-2">
                        <button
                          type="button"
                          className="link"
                          aria-pressed={selected === c.userId}
                          onClick={() => setSelected(selected === c.userId ? null : c.userId)}
                        >
                          {t("integrity.console.choose", { name: c.name })}
                        </button>
                        <Link to={recordHref(c.attemptId)} className="link">
                          {t("integrity.console.record", { name: c.name })}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {chosen?.attemptId ? <CandidateActions key={chosen.attemptId} candidate={chosen} /> : null}

      <section className="card space-y-2" aria-labelledby="console-events">
        <h2 id="console-events" className="font-semibold">
          {t("integrity.console.recentEvents")}
        </h2>
        {view.events.length ? (
          <ol className="space-y-1 text-sm" aria-live="polite">
            {view.events.map((e) => (
              <li key={e.id}>
                <span className="tabular-nums text-slate-600">{time(e.occurredAt)}</span> {e.name} ·{" "}
                {t(`integrity.kinds.${e.kind}` as "integrity.kinds.copy")}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">{t("integrity.console.noEvents")}</p>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="console-broadcast">
        <h2 id="console-broadcast" className="font-semibold">
          {t("integrity.console.messageAll")}
        </h2>
        <ActionForm className="space-y-2">
          <input type="hidden" name="intent" value="message" />
          <label htmlFor="broadcast-body" className="block text-sm font-medium">
            {t("integrity.console.messageText")}
          </label>
          <textarea id="broadcast-body" name="body" required maxLength={500} rows={2} className="input w-full" />
          <button type="submit" className="btn-secondary">
            {t("integrity.console.send")}
          </button>
        </ActionForm>
      </section>
    </div>
  );
}

/** What the proctor may do to one candidate's attempt. */
function CandidateActions({ candidate: c }: { candidate: ConsoleCandidate }) {
  const { t } = useTranslation();
  const uid = useId();
  const open = c.state !== "submitted";
  // The request leaves the console once approved; its answer stays, so the proctor sees it went through.
  const approval = useFetcher<ActionReply>();
  return (
    <section className="card space-y-4" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="font-semibold">
        {t("integrity.console.actionsFor", { name: c.name })}
      </h2>
      {c.deviceRequest || approval.data ? (
        <ActionForm className="space-y-2" fetcher={approval}>
          {c.deviceRequest ? (
            <>
              <input type="hidden" name="intent" value="approve_device" />
              <input type="hidden" name="requestId" value={c.deviceRequest.id} />
              <p className="text-sm">{t("integrity.console.deviceRequestHint")}</p>
              <button type="submit" className="btn">
                {t("integrity.console.approveDevice")}
              </button>
            </>
          ) : null}
        </ActionForm>
      ) : null}
      {open ? (
        <>
          <ActionForm className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="extend" />
            <input type="hidden" name="attemptId" value={c.attemptId!} />
            <div>
              <label htmlFor={`${uid}-minutes`} className="block text-sm font-medium">
                {t("integrity.console.extraMinutes")}
              </label>
              <input
                id={`${uid}-minutes`}
                name="minutes"
                type="number"
                min={1}
                max={180}
                defaultValue={10}
                required
                className="input mt-1 w-24"
              />
            </div>
            <button type="submit" className="btn-secondary">
              {t("integrity.console.addTime")}
            </button>
          </ActionForm>
          <ActionForm className="space-y-2">
            <input type="hidden" name="intent" value="message" />
            <input type="hidden" name="attemptId" value={c.attemptId!} />
            <label htmlFor={`${uid}-message`} className="block text-sm font-medium">
              {t("integrity.console.messageOne", { name: c.name })}
            </label>
            <textarea id={`${uid}-message`} name="body" required maxLength={500} rows={2} className="input w-full" />
            <button type="submit" className="btn-secondary">
              {t("integrity.console.send")}
            </button>
          </ActionForm>
          <ActionForm className="space-y-2">
            <input type="hidden" name="intent" value="end" />
            <input type="hidden" name="attemptId" value={c.attemptId!} />
            <label htmlFor={`${uid}-end`} className="block text-sm font-medium">
              {t("integrity.console.endReason")}
            </label>
            <p id={`${uid}-end-hint`} className="text-sm text-slate-600">
              {t("integrity.console.endHint")}
            </p>
            <input
              id={`${uid}-end`}
              name="reason"
              required
              minLength={2}
              maxLength={500}
              aria-describedby={`${uid}-end-hint`}
              className="input w-full"
            />
            <button type="submit" className="btn bg-red-700 hover:bg-red-800">
              {t("integrity.console.end")}
            </button>
          </ActionForm>
        </>
      ) : (
        <p className="text-sm text-slate-700">{t("integrity.proctor.notOpen")}</p>
      )}
    </section>
  );
}

/** The session's access code, allowed networks and device-change policy. */
export function AccessSettingsForm({ access }: { access: ConsoleAccess }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState(access.accessCodeMode);
  return (
    <section className="card max-w-3xl space-y-3" aria-labelledby="access-settings">
      <h2 id="access-settings" className="font-semibold">
        {t("integrity.access.title")}
      </h2>
      <ActionForm className="space-y-3">
        <input type="hidden" name="intent" value="access" />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">{t("integrity.access.mode")}</legend>
          {(["none", "fixed", "rotating"] as const).map((m) => (
            <label key={m} className="flex items-center gap-2 text-sm">
              <input type="radio" name="accessCodeMode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {t(`integrity.access.modes.${m}`)}
            </label>
          ))}
        </fieldset>
        {mode === "fixed" ? (
          <div>
            <label htmlFor="access-fixed-code" className="block text-sm font-medium">
              {t("integrity.access.code")}
            </label>
            <input
              id="access-fixed-code"
              name="accessCode"
              defaultValue={access.accessCodeMode === "fixed" ? (access.accessCode ?? "") : ""}
              maxLength={32}
              autoComplete="off"
              className="input mt-1 w-48 font-mono"
            />
          </div>
        ) : null}
        <div className={mode === "rotating" ? "" : "hidden"}>
          <label htmlFor="access-rotate" className="block text-sm font-medium">
            {t("integrity.access.rotateMinutes")}
          </label>
          <input
            id="access-rotate"
            name="accessRotateMinutes"
            type="number"
            min={1}
            max={60}
            defaultValue={access.accessRotateMinutes}
            className="input mt-1 w-24"
          />
        </div>
        <div>
          <label htmlFor="access-networks" className="block text-sm font-medium">
            {t("integrity.access.networks")}
          </label>
          <p id="access-networks-hint" className="text-sm text-slate-600">
            {t("integrity.access.networksHint")}
          </p>
          <textarea
            id="access-networks"
            name="allowedNetworks"
            rows={3}
            defaultValue={access.allowedNetworks.join("\n")}
            aria-describedby="access-networks-hint"
            className="input mt-1 w-full font-mono"
          />
        </div>
        <div>
          <label htmlFor="access-wait" className="block text-sm font-medium">
            {t("integrity.access.deviceWait")}
          </label>
          <p id="access-wait-hint" className="text-sm text-slate-600">
            {t("integrity.access.deviceWaitHint")}
          </p>
          <input
            id="access-wait"
            name="deviceChangeWaitMinutes"
            type="number"
            min={0}
            max={120}
            defaultValue={access.deviceChangeWaitMinutes ?? ""}
            aria-describedby="access-wait-hint"
            className="input mt-1 w-24"
          />
        </div>
        <button type="submit" className="btn">
          {t("integrity.access.save")}
        </button>
      </ActionForm>
    </section>
  );
}

export interface RecordView {
  attempt: {
    id: string;
    candidate: string;
    status: string;
    startedAt: string;
    closedAt: string | null;
    scoreTenths: number | null;
    maxTenths: number;
    passed: boolean | null;
    endReason: string | null;
    endedBy: string | null;
  };
  events: { id: number; kind: string; occurredAt: string; receivedAt: string; detail: unknown }[];
  devices: { status: string; requestedAt: string; decidedAt: string | null; decidedBy: string | null }[];
  review: {
    flaggedBy: string | null;
    flaggedAt: string;
    flagReason: string;
    decision: string | null;
    decidedBy: string | null;
    decidedAt: string | null;
    decisionReason: string | null;
  } | null;
}

/** "(from → to)" for a change of address. */
function addressChange(detail: unknown) {
  const d = (detail ?? {}) as { from?: unknown; to?: unknown };
  return typeof d.from === "string" && typeof d.to === "string" ? ` (${d.from} → ${d.to})` : "";
}

/** One attempt's integrity record, with the flag and the decision (graders, admins). */
export function IntegrityRecordView({ record, closeHref }: { record: RecordView; closeHref: string }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const a = record.attempt;
  const r = record.review;
  return (
    <section className="card space-y-3 border-brand-300" aria-labelledby="integrity-record">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="integrity-record" className="font-semibold">
          {t("integrity.record.title", { name: a.candidate })}
        </h2>
        <Link to={closeHref} className="link text-sm">
          {t("integrity.record.close")}
        </Link>
      </div>
      <p className="text-sm">
        {t("integrity.record.started", { time: formatDateTime(a.startedAt, language) })}
        {a.closedAt ? ` · ${t("integrity.record.closed", { time: formatDateTime(a.closedAt, language) })}` : ""}
        {a.scoreTenths !== null ? ` · ${t("exams.score", { score: a.scoreTenths / 10, max: a.maxTenths / 10 })}` : ""}
      </p>
      {a.endReason ? (
        <p className="text-sm">{t("integrity.record.ended", { name: a.endedBy ?? "", reason: a.endReason })}</p>
      ) : null}
      <h3 className="text-sm font-semibold">{t("integrity.record.events", { count: record.events.length })}</h3>
      {record.events.length ? (
        <ol className="space-y-1 text-sm">
          {record.events.map((e) => (
            <li key={e.id}>
              <span className="tabular-nums text-slate-600">{formatDateTime(e.occurredAt, language)}</span>{" "}
              {t(`integrity.kinds.${e.kind}` as "integrity.kinds.copy")}
              {addressChange(e.detail)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">{t("integrity.console.noEvents")}</p>
      )}
      <h3 className="text-sm font-semibold">{t("integrity.record.review")}</h3>
      {r ? (
        <p className="text-sm">
          {t("integrity.record.flagged", {
            name: r.flaggedBy ?? "",
            time: formatDateTime(r.flaggedAt, language),
            reason: r.flagReason,
          })}
          {r.decision
            ? ` ${t("integrity.record.decided", {
                decision: t(`integrity.decision.${r.decision}` as "integrity.decision.accepted"),
                name: r.decidedBy ?? "",
                reason: r.decisionReason ?? "",
              })}`
            : ` ${t("integrity.record.awaiting")}`}
        </p>
      ) : (
        <p className="text-sm text-slate-600">{t("integrity.record.notFlagged")}</p>
      )}
      {!r || r.decision ? (
        <ActionForm className="space-y-2">
          <input type="hidden" name="intent" value="flag" />
          <input type="hidden" name="attemptId" value={a.id} />
          <label htmlFor="flag-reason" className="block text-sm font-medium">
            {t("integrity.record.flagReason")}
          </label>
          <input id="flag-reason" name="reason" required minLength={2} maxLength={500} className="input w-full" />
          <button type="submit" className="btn-secondary">
            {t("integrity.record.flag")}
          </button>
        </ActionForm>
      ) : a.status !== "open" ? (
        <ActionForm className="space-y-2">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="attemptId" value={a.id} />
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{t("integrity.record.decision")}</legend>
            {(["accepted", "voided"] as const).map((d) => (
              <label key={d} className="flex items-center gap-2 text-sm">
                <input type="radio" name="decision" value={d} required />
                {t(`integrity.decision.${d}`)}
              </label>
            ))}
          </fieldset>
          <label htmlFor="decision-reason" className="block text-sm font-medium">
            {t("integrity.record.decisionReason")}
          </label>
          <input id="decision-reason" name="reason" maxLength={500} className="input w-full" />
          <button type="submit" className="btn">
            {t("integrity.record.decide")}
          </button>
        </ActionForm>
      ) : null}
    </section>
  );
}
