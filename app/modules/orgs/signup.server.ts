import type { DbOrTx } from "#db/client";
import { memberships } from "#db/schema";
import type { Language } from "~/i18n/config";
import { parseIdentifier } from "~/modules/auth";
import { type FieldFailure, signUp } from "~/modules/auth/index.server";
import { recordConsent } from "~/modules/privacy/index.server";
import { findTrainingCenter } from "./places.server";

/**
 * A trainee signs up: auth creates the account and its session, and in the same transaction the trainee
 * role, at the training center they named (whose staff follow them from the start) or at none yet, and their
 * consent to the current privacy notice (the form requires it).
 */
export async function signUpTrainee(
  db: DbOrTx,
  input: { identifier: string; name: string; password: string; locale: Language; centerId?: string },
): Promise<Awaited<ReturnType<typeof signUp>> | FieldFailure> {
  // The identifier is judged first, as the form shows one problem per field in this order.
  if (!parseIdentifier(input.identifier))
    return { ok: false, field: "identifier", message: "validation.identifier.invalid" };
  if (input.centerId && !(await findTrainingCenter(db, input.centerId)))
    return { ok: false, field: "centerId", message: "validation.center.unknown" };
  const { centerId, ...account } = input;
  // The sign-up form requires the privacy notice's box; the consent is recorded with the account.
  return signUp(db, account, async (tx, user) => {
    await tx.insert(memberships).values({ userId: user.id, role: "trainee", organizationId: centerId ?? null });
    await recordConsent(tx, user.id, "signup");
  });
}
