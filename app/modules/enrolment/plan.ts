import { normalizeName, type RowError, type TraineeRow, type TraineeValues } from "~/modules/spreadsheets";

/** An account that a row's mobile number or e-mail address already belongs to. */
export interface ExistingAccount {
  id: string;
  name: string;
  /** The centers where the person is a trainee; null stands for a trainee who named no center at sign-up. */
  traineeCenterIds: (string | null)[];
  /** Already a member of the cohort the file is imported into. */
  inTargetCohort: boolean;
}

export interface AccountLookup {
  byEmail: Map<string, ExistingAccount>;
  byMobile: Map<string, ExistingAccount>;
}

export interface ImportTarget {
  centerId: string;
  cohort: { id: string; capacity: number; memberCount: number; closed: boolean } | null;
}

export type PlanError =
  | RowError
  /** The mobile number and the e-mail address belong to two different accounts. */
  | { code: "contacts_conflict" }
  /** The account found by this contact carries another name (masked unless the person is already this center's trainee). */
  | { code: "name_mismatch"; field: "mobile" | "email"; storedName: string }
  /** A trainee of another center: only a region admin may move them. */
  | { code: "other_center" }
  /** Two rows of the file reach the same existing account through different contacts. */
  | { code: "same_person"; otherLine: number };

export type RowAction =
  /** A new account, the trainee role at this center, the profile; an invitation when there is an e-mail address. */
  | { kind: "create"; invite: boolean }
  /** An existing account becomes this center's trainee; `claimsSignUp` when it is a trainee who named no center. */
  | { kind: "link"; userId: string; claimsSignUp: boolean }
  /** Already this center's trainee, added to the chosen cohort. */
  | { kind: "join_cohort"; userId: string }
  /** Already this center's trainee (and in the chosen cohort): nothing to write. */
  | { kind: "nothing"; userId: string };

export interface PlannedRow {
  line: number;
  values: TraineeValues;
  errors: PlanError[];
  /** What committing would do with the row; null when the row has errors. */
  action: RowAction | null;
}

export type PlanProblem =
  | { code: "cohort_closed" }
  | { code: "cohort_full"; capacity: number; members: number; adding: number }
  | { code: "no_rows" };

export interface PlanCounts {
  rows: number;
  create: number;
  link: number;
  joinCohort: number;
  nothing: number;
  /** New accounts that will receive an e-mail to set their password. */
  invitations: number;
  /** New accounts with only a mobile number: no e-mail can reach them. */
  withoutEmail: number;
  rowsWithErrors: number;
}

export interface ImportPlan {
  rows: PlannedRow[];
  problems: PlanProblem[];
  counts: PlanCounts;
  /** True when committing may proceed: no row has an error and nothing blocks the whole file. */
  ok: boolean;
}

/**
 * Decides, row by row, what an import would do. It never moves a trainee between centers and never
 * joins an account whose name differs from the file's: those rows are errors that staff must resolve.
 */
export function planImport(rows: TraineeRow[], accounts: AccountLookup, target: ImportTarget): ImportPlan {
  const firstLineOfAccount = new Map<string, number>();
  const planned = rows.map((row): PlannedRow => {
    if (row.errors.length) return { line: row.line, values: row.values, errors: [...row.errors], action: null };
    const { values } = row;
    const byMobile = values.mobile ? accounts.byMobile.get(values.mobile) : undefined;
    const byEmail = values.email ? accounts.byEmail.get(values.email) : undefined;
    if (byMobile && byEmail && byMobile.id !== byEmail.id)
      return { line: row.line, values, errors: [{ code: "contacts_conflict" }], action: null };
    const account = byMobile ?? byEmail;
    if (!account)
      return { line: row.line, values, errors: [], action: { kind: "create", invite: values.email !== "" } };

    const errors: PlanError[] = [];
    const otherLine = firstLineOfAccount.get(account.id);
    if (otherLine !== undefined) errors.push({ code: "same_person", otherLine });
    else firstLineOfAccount.set(account.id, row.line);
    const current = account.traineeCenterIds.includes(target.centerId);
    if (!sameName(account.name, values.name))
      errors.push({
        code: "name_mismatch",
        field: byMobile ? "mobile" : "email",
        storedName: current ? account.name : maskName(account.name),
      });
    if (!current && account.traineeCenterIds.some((id) => id !== null)) errors.push({ code: "other_center" });
    if (errors.length) return { line: row.line, values, errors, action: null };

    if (current)
      return {
        line: row.line,
        values,
        errors,
        action:
          target.cohort && !account.inTargetCohort
            ? { kind: "join_cohort", userId: account.id }
            : { kind: "nothing", userId: account.id },
      };
    return {
      line: row.line,
      values,
      errors,
      action: { kind: "link", userId: account.id, claimsSignUp: account.traineeCenterIds.includes(null) },
    };
  });

  const counts = countActions(planned);
  const problems: PlanProblem[] = [];
  if (planned.length === 0) problems.push({ code: "no_rows" });
  if (target.cohort?.closed) problems.push({ code: "cohort_closed" });
  else if (target.cohort) {
    const adding = counts.create + counts.link + counts.joinCohort;
    if (target.cohort.memberCount + adding > target.cohort.capacity)
      problems.push({
        code: "cohort_full",
        capacity: target.cohort.capacity,
        members: target.cohort.memberCount,
        adding,
      });
  }
  return { rows: planned, problems, counts, ok: counts.rowsWithErrors === 0 && problems.length === 0 };
}

function countActions(rows: PlannedRow[]): PlanCounts {
  const counts: PlanCounts = {
    rows: rows.length,
    create: 0,
    link: 0,
    joinCohort: 0,
    nothing: 0,
    invitations: 0,
    withoutEmail: 0,
    rowsWithErrors: 0,
  };
  for (const row of rows) {
    const action = row.action;
    if (!action) counts.rowsWithErrors++;
    else if (action.kind === "create") {
      counts.create++;
      if (action.invite) counts.invitations++;
      else counts.withoutEmail++;
    } else if (action.kind === "link") counts.link++;
    else if (action.kind === "join_cohort") counts.joinCohort++;
    else counts.nothing++;
  }
  return counts;
}

/** Names typed with other spacing, width or letter case are the same name. */
export function sameName(a: string, b: string) {
  return normalizeName(a).toLowerCase() === normalizeName(b).toLowerCase();
}

/** "张晓芳" → "张*芳", "李明" → "李*": enough for staff to notice a mistake, too little to learn who owns a number. */
export function maskName(name: string) {
  const chars = [...name.trim()];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
