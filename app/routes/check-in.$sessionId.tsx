import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { parseWithZod } from "@conform-to/zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatTime } from "~/i18n/config";
import { checkIn } from "~/modules/cohorts/index.server";
import { CHECK_IN_OPENS_MINUTES_BEFORE } from "~/modules/cohorts";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classroom.checkInTitle");

/** What a scanned code carries: the session (in the path), its time window and the code of that window. */
const codeSchema = z.object({
  sessionId: z.string().uuid(),
  w: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  c: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/),
});

/** The page a scanned code opens: after signing in (if need be), one tap checks the trainee in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const url = new URL(request.url);
  const code = codeSchema.safeParse({
    sessionId: params.sessionId,
    w: url.searchParams.get("w"),
    c: url.searchParams.get("c"),
  });
  return { code: code.success ? { w: code.data.w, c: code.data.c } : null };
}

type ActionResult =
  | { ok: true; status: string; already: boolean; session: SessionView }
  | { ok: false; reason: string; session: SessionView | null };
type SessionView = { cohortName: string; startsAt: string; endsAt: string; place: string; topic: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  form.set("sessionId", params.sessionId ?? "");
  const submission = parseWithZod(form, { schema: codeSchema });
  if (submission.status !== "success")
    return data<ActionResult>({ ok: false, reason: "invalid", session: null }, { status: 400 });
  const { sessionId, w, c } = submission.value;
  const outcome = await checkIn(await db(), user.id, { sessionId, window: w, code: c });
  const session = outcome.session
    ? {
        ...outcome.session,
        startsAt: outcome.session.startsAt.toISOString(),
        endsAt: outcome.session.endsAt.toISOString(),
      }
    : null;
  if (!outcome.ok) return data<ActionResult>({ ok: false, reason: outcome.reason, session }, { status: 400 });
  return data<ActionResult>({ ok: true, status: outcome.status, already: outcome.already, session: session! });
}

export default function CheckInPage() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const { code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const session = result?.session;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <PageHeader title={t("classroom.checkInTitle")} />
      {session ? (
        <div className="card text-sm">
          <p className="font-medium">{session.cohortName}</p>
          <p>
            {formatDate(session.startsAt, language)} {formatTime(session.startsAt, language)}–
            {formatTime(session.endsAt, language)} · {session.place}
          </p>
          {session.topic ? <p>{session.topic}</p> : null}
        </div>
      ) : null}
      {result?.ok ? (
        <FormMessage tone="success">
          {t(result.already ? "classroom.alreadyCheckedIn" : "classroom.checkedIn", {
            status: t(`classroom.status.${result.status}`),
          })}
        </FormMessage>
      ) : result ? (
        <FormMessage>{t(`classroom.refused.${result.reason}`, { minutes: CHECK_IN_OPENS_MINUTES_BEFORE })}</FormMessage>
      ) : !code ? (
        <FormMessage>{t("classroom.refused.invalid")}</FormMessage>
      ) : null}
      {code && !result?.ok ? (
        <Form method="post">
          <input type="hidden" name="w" value={code.w} />
          <input type="hidden" name="c" value={code.c} />
          <button type="submit" className="btn w-full py-3 text-base" disabled={navigation.state === "submitting"}>
            {t("classroom.checkInConfirm")}
          </button>
        </Form>
      ) : null}
      <p className="text-sm">
        <Link to="/learn" className="link">
          {t("learn.pathTitle")}
        </Link>
      </p>
    </div>
  );
}
