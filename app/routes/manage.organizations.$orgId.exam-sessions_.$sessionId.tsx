import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AccessSettingsForm, IntegrityRecordView, ProctorConsole } from "~/components/exam/proctor-console";
import { PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import {
  ACCESS_CODE_MODES,
  approveDeviceRequest,
  consoleSnapshot,
  extendAttempt,
  flagAttempt,
  integrityRecord,
  proctoredSession,
  sendProctorMessage,
  sessionAccessView,
  setSessionAccess,
} from "~/modules/exams/index.server";
import { requireCenter } from "~/utils/center.server";
import { titleMeta } from "~/utils/meta";
import { decideIntegrityReview, endAttemptByProctor } from "~/workflows/exam-integrity.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "integrity.console.title");

const id = z.string().uuid();
const text = (max: number) => z.string().trim().max(max).default("");
const optionalMinutes = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ invalid_type_error: "integrity.access.waitRange" }).int().min(0).max(120).nullable(),
);

/** Every form of the console: the session's access, and the proctor's actions on one attempt. */
const consoleSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("access"),
    accessCodeMode: z.enum(ACCESS_CODE_MODES as ["none", "fixed", "rotating"]),
    accessCode: text(40),
    accessRotateMinutes: z.coerce.number({ invalid_type_error: "integrity.access.rotateRange" }).int().default(5),
    allowedNetworks: text(4000),
    deviceChangeWaitMinutes: optionalMinutes,
  }),
  z.object({
    intent: z.literal("extend"),
    attemptId: id,
    minutes: z.coerce.number({ invalid_type_error: "integrity.proctor.minutesRange" }).int(),
  }),
  z.object({ intent: z.literal("end"), attemptId: id, reason: text(500) }),
  z.object({ intent: z.literal("message"), attemptId: z.union([id, z.literal("")]).default(""), body: text(500) }),
  z.object({ intent: z.literal("approve_device"), requestId: id }),
  z.object({ intent: z.literal("flag"), attemptId: id, reason: text(500) }),
  z.object({
    intent: z.literal("decide"),
    attemptId: id,
    decision: z.enum(["accepted", "voided"]),
    reason: text(500),
  }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const session = await proctoredSession(database, user, center.id, params.sessionId ?? "");
  const attemptId = new URL(request.url).searchParams.get("attempt");
  const now = new Date();
  return {
    center: { id: center.id, nameZh: center.nameZh, nameEn: center.nameEn },
    session: {
      id: session.id,
      name: session.name,
      levelSlug: session.levelSlug,
      opensAt: session.opensAt.toISOString(),
      closesAt: session.closesAt.toISOString(),
    },
    snapshot: { ...(await consoleSnapshot(database, session, now)), access: sessionAccessView(session, now) },
    // One attempt's integrity record, when asked for (graders, admins).
    record: attemptId ? await integrityRecord(database, user, center.id, attemptId) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const session = await proctoredSession(database, user, center.id, params.sessionId ?? "");
  const submission = parseWithZod(await request.formData(), { schema: consoleSchema });
  if (submission.status !== "success")
    return data(
      { ok: false as const, message: firstIssue(submission.error) ?? "integrity.console.invalid" },
      { status: 400 },
    );
  const v = submission.value;
  const scope = { centerId: center.id, sessionId: session.id };
  let outcome: { ok: true } | { ok: false; message: string };
  switch (v.intent) {
    case "access": {
      const result = await setSessionAccess(database, user, center.id, {
        sessionId: session.id,
        accessCodeMode: v.accessCodeMode,
        accessCode: v.accessCode || null,
        accessRotateMinutes: v.accessRotateMinutes,
        allowedNetworks: v.allowedNetworks.split(/[\s,;，；]+/).filter(Boolean),
        deviceChangeWaitMinutes: v.deviceChangeWaitMinutes,
      });
      outcome = result.ok ? result : { ok: false, message: result.message };
      break;
    }
    case "extend":
      outcome = await extendAttempt(database, user, scope, { attemptId: v.attemptId, minutes: v.minutes });
      break;
    case "end":
      outcome = await endAttemptByProctor(database, user, scope, { attemptId: v.attemptId, reason: v.reason });
      break;
    case "message":
      outcome = await sendProctorMessage(database, user, scope, { attemptId: v.attemptId || null, body: v.body });
      break;
    case "approve_device":
      outcome = await approveDeviceRequest(database, user, scope, { requestId: v.requestId });
      break;
    case "flag":
      outcome = await flagAttempt(database, user, center.id, { attemptId: v.attemptId, reason: v.reason });
      break;
    case "decide":
      outcome = await decideIntegrityReview(database, user, center.id, {
        attemptId: v.attemptId,
        decision: v.decision,
        reason: v.reason,
      });
      break;
  }
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message }, { status: 400 });
  return { ok: true as const, message: `integrity.done.${v.intent}` };
}

function firstIssue(error: Record<string, string[] | null> | null | undefined) {
  return Object.values(error ?? {}).find((messages) => messages?.length)?.[0];
}

export default function ProctorConsolePage() {
  const { t } = useTranslation();
  const { en, language } = useLocale();
  const { center, session, snapshot, record } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const base = `/manage/organizations/${center.id}/exam-sessions/${session.id}`;
  return (
    <div className="space-y-6">
      <PageHeader title={`${session.name} · ${t("integrity.console.title")}`}>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link to={`/manage/organizations/${center.id}/exam-sessions`} className="link">
            {t("integrity.console.back")}
          </Link>
        </div>
      </PageHeader>
      <p className="text-sm text-slate-700">
        {en ? center.nameEn : center.nameZh} · {t(`levels.${session.levelSlug}`, { defaultValue: session.levelSlug })} ·{" "}
        {formatDateTime(session.opensAt, language)} – {formatDateTime(session.closesAt, language)}
      </p>
      {record && search.get("attempt") ? <IntegrityRecordView record={record} closeHref={base} /> : null}
      <ProctorConsole
        initial={snapshot}
        liveUrl={`${base}/live`}
        recordHref={(attemptId) => `${base}?attempt=${attemptId}`}
      />
      <AccessSettingsForm access={snapshot.access} />
    </div>
  );
}
