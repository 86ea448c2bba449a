import { describe, expect, test } from "vitest";
import type { TraineeRow } from "~/modules/spreadsheets";
import { maskName, planImport, type AccountLookup, type ExistingAccount, type ImportTarget } from "./plan";

const CENTER = "center-here";
const row = (line: number, values: Partial<TraineeRow["values"]>, errors: TraineeRow["errors"] = []): TraineeRow => ({
  line,
  values: { name: "", mobile: "", email: "", employer: "", jobTitle: "", ...values },
  errors,
});
const account = (over: Partial<ExistingAccount> & { id: string }): ExistingAccount => ({
  name: "王建国",
  traineeCenterIds: [],
  inTargetCohort: false,
  ...over,
});
function lookup(entries: { email?: string; mobile?: string; account: ExistingAccount }[]): AccountLookup {
  const found: AccountLookup = { byEmail: new Map(), byMobile: new Map() };
  for (const e of entries) {
    if (e.email) found.byEmail.set(e.email, e.account);
    if (e.mobile) found.byMobile.set(e.mobile, e.account);
  }
  return found;
}
const noCohort: ImportTarget = { centerId: CENTER, cohort: null };
const cohort = (capacity: number, memberCount = 0, closed = false): ImportTarget => ({
  centerId: CENTER,
  cohort: { id: "cohort", capacity, memberCount, closed },
});

describe("planning an import", () => {
  test("unknown people get new accounts; an invitation only when they have an e-mail address", () => {
    const plan = planImport(
      [
        row(2, { name: "王建国", mobile: "13912345678", email: "w@example.com" }),
        row(3, { name: "刘芳", mobile: "18612345670" }),
      ],
      lookup([]),
      noCohort,
    );
    expect(plan.rows.map((r) => r.action)).toEqual([
      { kind: "create", invite: true },
      { kind: "create", invite: false },
    ]);
    expect(plan.counts).toMatchObject({ create: 2, invitations: 1, withoutEmail: 1, rowsWithErrors: 0 });
    expect(plan.ok).toBe(true);
  });

  test("an account found by mobile or e-mail with the same name is linked; a trainee without a center is claimed", () => {
    const plain = account({ id: "a" });
    const signedUp = account({ id: "b", name: "李晓梅", traineeCenterIds: [null] });
    const plan = planImport(
      [row(2, { name: "王 建国", mobile: "13912345678" }), row(3, { name: "李晓梅", email: "li@example.cn" })],
      lookup([
        { mobile: "13912345678", account: plain },
        { email: "li@example.cn", account: signedUp },
      ]),
      noCohort,
    );
    expect(plan.rows.map((r) => r.action)).toEqual([
      { kind: "link", userId: "a", claimsSignUp: false },
      { kind: "link", userId: "b", claimsSignUp: true },
    ]);
  });

  test("this center's trainees: nothing to do, or joining the chosen cohort", () => {
    const inCohort = account({ id: "a", traineeCenterIds: [CENTER], inTargetCohort: true });
    const notYet = account({ id: "b", name: "张伟", traineeCenterIds: [CENTER] });
    const rows = [row(2, { name: "王建国", mobile: "13912345678" }), row(3, { name: "张伟", mobile: "13987654321" })];
    const found = lookup([
      { mobile: "13912345678", account: inCohort },
      { mobile: "13987654321", account: notYet },
    ]);
    expect(planImport(rows, found, cohort(10)).rows.map((r) => r.action?.kind)).toEqual(["nothing", "join_cohort"]);
    expect(planImport(rows, found, noCohort).rows.map((r) => r.action?.kind)).toEqual(["nothing", "nothing"]);
  });

  test("two contacts of two different accounts, a trainee of another center, the same account twice: errors", () => {
    const a = account({ id: "a" });
    const b = account({ id: "b", name: "李晓梅" });
    const elsewhere = account({ id: "c", name: "张伟", traineeCenterIds: ["center-there"] });
    const plan = planImport(
      [
        row(2, { name: "王建国", mobile: "13912345678", email: "li@example.cn" }),
        row(3, { name: "张伟", mobile: "13987654321" }),
        row(4, { name: "李晓梅", email: "li@example.cn" }),
        row(5, { name: "李晓梅", mobile: "18634567890" }),
      ],
      lookup([
        { mobile: "13912345678", account: a },
        { email: "li@example.cn", mobile: "18634567890", account: b },
        { mobile: "13987654321", account: elsewhere },
      ]),
      noCohort,
    );
    expect(plan.rows.map((r) => r.errors)).toEqual([
      [{ code: "contacts_conflict" }],
      [{ code: "other_center" }],
      [],
      [{ code: "same_person", otherLine: 4 }],
    ]);
    expect(plan.ok).toBe(false);
  });

  test("a name that differs is shown masked, unless the person already is this center's trainee", () => {
    const stranger = account({ id: "a", name: "张晓芳" });
    const ours = account({ id: "b", name: "李明", traineeCenterIds: [CENTER] });
    const plan = planImport(
      [row(2, { name: "王建国", mobile: "13800138000" }), row(3, { name: "李敏", email: "ready@example.cn" })],
      lookup([
        { mobile: "13800138000", account: stranger },
        { email: "ready@example.cn", account: ours },
      ]),
      noCohort,
    );
    expect(plan.rows[0]!.errors).toEqual([{ code: "name_mismatch", field: "mobile", storedName: "张*芳" }]);
    expect(plan.rows[1]!.errors).toEqual([{ code: "name_mismatch", field: "email", storedName: "李明" }]);
  });

  test("the cohort's capacity counts only the people who would join it; a closed cohort takes nobody", () => {
    const member = account({ id: "a", traineeCenterIds: [CENTER], inTargetCohort: true });
    const rows = [
      row(2, { name: "王建国", mobile: "13912345678" }),
      row(3, { name: "刘芳", mobile: "18612345670" }),
      row(4, { name: "陈静", email: "c@example.org" }),
    ];
    const found = lookup([{ mobile: "13912345678", account: member }]);
    expect(planImport(rows, found, cohort(3, 1)).ok).toBe(true);
    const full = planImport(rows, found, cohort(2, 1));
    expect(full.problems).toEqual([{ code: "cohort_full", capacity: 2, members: 1, adding: 2 }]);
    expect(full.ok).toBe(false);
    expect(planImport(rows, found, cohort(10, 1, true)).problems).toEqual([{ code: "cohort_closed" }]);
  });

  test("rows with format errors keep them and plan nothing; an empty file is a problem", () => {
    const plan = planImport(
      [row(2, { name: "", mobile: "123" }, [{ code: "name_missing" }, { code: "mobile_malformed" }])],
      lookup([]),
      noCohort,
    );
    expect(plan.rows[0]).toMatchObject({
      action: null,
      errors: [{ code: "name_missing" }, { code: "mobile_malformed" }],
    });
    expect(planImport([], lookup([]), noCohort).problems).toEqual([{ code: "no_rows" }]);
  });

  test("masking keeps the first and last character", () => {
    expect([maskName("张晓芳"), maskName("李明"), maskName("欧阳娜娜"), maskName("王")]).toEqual([
      "张*芳",
      "李*",
      "欧**娜",
      "*",
    ]);
  });
});
