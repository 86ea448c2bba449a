#!/usr/bin/env node
// Counts query sites of each table outside its owning area (docs/architecture.md, "Tables and owners").
// A query site is any use of a table imported from the schema (a Drizzle builder call, a column in a select, a helper
// handed the table) or a table named in an sql`` template; counted once per file, line and table.
// Fails when a file outside the owner queries a table, unless the exception is recorded below with its decision.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;

/** table symbol → [sql name, owning area] */
export const OWNERS = {
  users: ["users", "auth"],
  sessions: ["sessions", "auth"],
  passwordTokens: ["password_tokens", "auth"],
  signInAttempts: ["sign_in_attempts", "auth"],
  passwordResetRequests: ["password_reset_requests", "auth"],
  totpCredentials: ["totp_credentials", "auth"],
  recoveryCodes: ["recovery_codes", "auth"],
  privacyConsents: ["privacy_consents", "privacy"],
  privacyRequests: ["privacy_requests", "privacy"],
  regions: ["regions", "orgs"],
  organizations: ["organizations", "orgs"],
  memberships: ["memberships", "orgs"],
  auditLog: ["audit_log", "audit"],
  emailOutbox: ["email_outbox", "mail"],
  notifications: ["notifications", "notifications"],
  notificationPreferences: ["notification_preferences", "notifications"],
  levels: ["levels", "content"],
  courses: ["courses", "content"],
  lessons: ["lessons", "content"],
  lessonVersions: ["lesson_versions", "content"],
  contentSyncs: ["content_syncs", "content"],
  questionTopics: ["question_topics", "content"],
  questions: ["questions", "content"],
  questionVersions: ["question_versions", "content"],
  contentChanges: ["content_changes", "content"],
  contentImages: ["content_images", "content"],
  levelVersions: ["level_versions", "content"],
  courseVersions: ["course_versions", "content"],
  enrolments: ["enrolments", "learning"],
  lessonProgress: ["lesson_progress", "learning"],
  priorQualifications: ["prior_qualifications", "learning"],
  examAttempts: ["exam_attempts", "exams"],
  attemptAnswers: ["attempt_answers", "exams"],
  essayMarks: ["essay_marks", "exams"],
  examAccommodations: ["exam_accommodations", "exams"],
  examSettings: ["exam_settings", "exams"],
  examSessions: ["exam_sessions", "exams"],
  examSessionCandidates: ["exam_session_candidates", "exams"],
  examIntegrityEvents: ["exam_integrity_events", "exams"],
  examDeviceRequests: ["exam_device_requests", "exams"],
  examProctorMessages: ["exam_proctor_messages", "exams"],
  examIntegrityReviews: ["exam_integrity_reviews", "exams"],
  examItemStats: ["exam_item_stats", "exams"],
  examItemStatAttempts: ["exam_item_stat_attempts", "exams"],
  examItemStatCells: ["exam_item_stat_cells", "exams"],
  examItemStatSections: ["exam_item_stat_sections", "exams"],
  examItemStatKeys: ["exam_item_stat_keys", "exams"],
  cohorts: ["cohorts", "cohorts"],
  cohortInstructors: ["cohort_instructors", "cohorts"],
  cohortMembers: ["cohort_members", "cohorts"],
  classroomSessions: ["classroom_sessions", "cohorts"],
  classroomAttendance: ["classroom_attendance", "cohorts"],
  signingKeys: ["signing_keys", "certificates"],
  certificateSequences: ["certificate_sequences", "certificates"],
  certificates: ["certificates", "certificates"],
  certificateRenewals: ["certificate_renewals", "certificates"],
  continuingEducation: ["continuing_education", "certificates"],
  certificateBrandings: ["certificate_brandings", "certificates"],
  holderPhotos: ["holder_photos", "certificates"],
  holderIdCards: ["holder_id_cards", "certificates"],
  certificateHolderFacts: ["certificate_holder_facts", "certificates"],
  certificatePdfs: ["certificate_pdfs", "certificates"],
  certificateZipRuns: ["certificate_zip_runs", "certificates"],
  certificateChecks: ["certificate_checks", "verification"],
  apiKeys: ["api_keys", "verification"],
  certificateIntegrityAlerts: ["certificate_integrity_alerts", "verification"],
  rateLimits: ["rate_limits", "verification"],
  portfolioCases: ["portfolio_cases", "portfolio"],
  caseEvidence: ["case_evidence", "portfolio"],
  caseDefences: ["case_defences", "portfolio"],
  traineeProfiles: ["trainee_profiles", "enrolment"],
  traineeTransfers: ["trainee_transfers", "enrolment"],
  enrolmentImports: ["enrolment_imports", "enrolment"],
  statisticsFacts: ["statistics_facts", "statistics"],
  statisticsSnapshots: ["statistics_snapshots", "statistics"],
};

/**
 * Recorded exceptions: [path prefix, reason]. Everything under the prefix may query any table.
 * Tests (tests/, *.test.ts) are not scanned.
 */
export const EXCEPTIONS = [
  ["app/modules/statistics/", "the statistics read model (docs/decisions/009-table-owners-and-faces.md)"],
  ["app/demo/", "demo data, a fixture like the test factories (docs/decisions/009-table-owners-and-faces.md)"],
];

const sqlNameToSymbol = Object.fromEntries(Object.entries(OWNERS).map(([s, [n]]) => [n, s]));

function areaOf(path) {
  const m = /^app\/modules\/([^/]+)\//.exec(path);
  if (m) return m[1];
  return null; // routes, components, server, scripts: no area owns anything there
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
  }
}

const builders = new Set(["from", "insert", "update", "delete", "innerJoin", "leftJoin", "rightJoin", "fullJoin"]);
const rawSql = /\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi;

/** Every (file, line, table) where code outside the table's owner queries it. */
export function scan() {
  const found = new Map();
  for (const top of ["app", "server", "scripts"]) {
    for (const abs of walk(join(root, top))) {
      const path = relative(root, abs);
      const area = areaOf(path);
      const source = ts.createSourceFile(abs, readFileSync(abs, "utf8"), ts.ScriptTarget.Latest, true);
      const add = (node, sym) => {
        const owner = OWNERS[sym][1];
        if (area === owner) return;
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.set(`${path}:${line}:${sym}`, {
          path,
          line,
          table: OWNERS[sym][0],
          owner,
          area: area ?? "(outside areas)",
        });
      };
      // Table symbols this file imports from the schema (under whatever local name).
      const imported = new Map();
      for (const st of source.statements) {
        if (!ts.isImportDeclaration(st) || !/(^#db\/schema|\/schema)(\/|$)/.test(st.moduleSpecifier.text)) continue;
        const named = st.importClause?.namedBindings;
        if (named && ts.isNamedImports(named))
          for (const el of named.elements) {
            const sym = (el.propertyName ?? el.name).text;
            if (OWNERS[sym]) imported.set(el.name.text, sym);
          }
      }
      const visit = (node) => {
        if (ts.isImportDeclaration(node)) return;
        // Any use of an imported table (a builder call, a column in a select, a helper given the table) is a site.
        if (
          ts.isIdentifier(node) &&
          imported.has(node.text) &&
          !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)
        )
          add(node, imported.get(node.text));
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const arg = node.arguments[0];
          if (builders.has(node.expression.name.text) && arg && ts.isIdentifier(arg) && OWNERS[arg.text])
            add(node, arg.text);
        }
        if (ts.isTaggedTemplateExpression(node) && /^sql(\.|$)/.test(node.tag.getText(source))) {
          const t = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t.text]
            : [t.head.text, ...t.templateSpans.map((sp) => sp.literal.text)];
          for (const part of parts)
            for (const m of part.matchAll(rawSql)) if (sqlNameToSymbol[m[1]]) add(node, sqlNameToSymbol[m[1]]);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return [...found.values()];
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop());
if (isMain) {
  const sites = scan();
  const excepted = sites.filter((s) => EXCEPTIONS.some(([p]) => s.path.startsWith(p)));
  const bad = sites.filter((s) => !EXCEPTIONS.some(([p]) => s.path.startsWith(p)));
  const verbose = process.argv.includes("--list");
  if (verbose) for (const s of sites) console.log(`${s.path}:${s.line} ${s.table} (owner ${s.owner})`);
  const byArea = {};
  for (const s of bad) byArea[s.area] = (byArea[s.area] ?? 0) + 1;
  console.log(`cross-owner query sites: ${bad.length} (+ ${excepted.length} in recorded exceptions)`);
  for (const [a, n] of Object.entries(byArea).sort((x, y) => y[1] - x[1])) console.log(`  ${a}: ${n}`);
  if (bad.length > 0) {
    if (!verbose) for (const s of bad) console.error(`${s.path}:${s.line} queries ${s.table}, owned by ${s.owner}`);
    process.exit(1);
  }
}
