/**
 * The one shape a module's refusal takes (decision 010). Client-safe: routes turn it into a Conform reply
 * (`replyWithFailure` in ./form-reply) and components show `message` through the catalogs.
 */

/** A catalog key (app/i18n/locales), translated where it is shown. */
export type MessageKey = string;

export interface Failure {
  ok: false;
  /** The form field the refusal is about; without it the refusal is about the whole form. */
  field?: string;
  message: MessageKey;
  /** Interpolation values of the message (file names, counts, …). */
  values?: Record<string, string | number>;
}

/** A refusal tied to one field (duplicate e-mail, wrong password, …). */
export type FieldFailure = Failure & { field: string };

export function failure(message: MessageKey, values?: Failure["values"]): Failure {
  return values ? { ok: false, message, values } : { ok: false, message };
}

export function fieldFailure(field: string, message: MessageKey, values?: Failure["values"]): FieldFailure {
  return values ? { ok: false, field, message, values } : { ok: false, field, message };
}

export function isFailure(outcome: { ok: boolean }): outcome is Failure {
  return outcome.ok === false && typeof (outcome as Partial<Failure>).message === "string";
}

/** A message with its values, as components pass it to `t(key, values)`. */
export function messageOf(f: Pick<Failure, "message" | "values">): { key: MessageKey; values?: Failure["values"] } {
  return f.values ? { key: f.message, values: f.values } : { key: f.message };
}
