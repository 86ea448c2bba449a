import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { requestLanguage } from "~/i18n/i18n.server";
import { addStaffMember, type SessionUser, type StaffRole } from "~/modules/orgs/index.server";
import type { addStaffSchema } from "~/modules/orgs";
import type { z } from "zod";
import { db } from "./db.server";
import { replyWithFailure } from "./form-reply";
import { appUrl } from "./request.server";

/**
 * The "add a staff member" form of the organization and region pages, once the page's action has parsed it
 * with `addStaffSchema`: add, answer.
 */
export async function addStaffFromForm(
  request: Request,
  user: SessionUser,
  scope: { role: StaffRole; organizationId?: string; regionId?: string },
  submission: Submission<z.output<typeof addStaffSchema>>,
) {
  if (submission.status !== "success") return data({ result: submission.reply(), added: false }, { status: 400 });
  const outcome = await addStaffMember(await db(), user, {
    ...submission.value,
    ...scope,
    locale: await requestLanguage(request),
    appUrl: appUrl(request),
  });
  if (!outcome.ok) return data({ result: replyWithFailure(submission, outcome), added: false }, { status: 400 });
  return data({ result: submission.reply({ resetForm: true }), added: true });
}
