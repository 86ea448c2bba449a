import type { DbOrTx } from "#db/client";
import { memberships } from "#db/schema";
import type { Language } from "~/i18n/config";
import { parseIdentifier } from "~/modules/auth";
import { type FieldFailure, signUp } from "~/modules/auth/index.server";
import { findTrainingCenter } from "./places.server";

/**
 * A trainee signs up: auth creates the account and its session, and in the same transaction the trainee
 * role, at the training center they named (whose staff follow them from the start) or at none yet.
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
  return signUp(db, account, (tx, user) =>
    tx.insert(memberships).values({ userId: user.id, role: "trainee", organizationId: centerId ?? null }),
  );
}
