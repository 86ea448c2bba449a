import type { FieldFailure } from "~/modules/auth/index.server";

/** A module's field failure (duplicate e-mail, wrong password, …) as Conform field errors. */
export function fieldErrorsOf(failure: FieldFailure): Record<string, string[]> {
  return { [failure.field]: [failure.message] };
}
