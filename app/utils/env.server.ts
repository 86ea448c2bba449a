import { X509Certificate, createPrivateKey } from "node:crypto";
import { z } from "zod";

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const unescapeNewlines = (v: string) => v.replace(/\\n/g, "\n");
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
function isPrivateKeyPem(v: string): boolean {
  try {
    return ["rsa", "ec"].includes(createPrivateKey(v).asymmetricKeyType ?? "");
  } catch {
    return false;
  }
}
function isCertificateChainPem(v: string): boolean {
  const pems = v.match(PEM_CERTIFICATE) ?? [];
  try {
    return pems.length > 0 && pems.every((pem) => new X509Certificate(pem));
  } catch {
    return false;
  }
}
function certificateFitsKey(certificates: string, key: string): boolean {
  try {
    return new X509Certificate((certificates.match(PEM_CERTIFICATE) ?? [])[0]!).checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
    DATABASE_URL: optional(
      z
        .string()
        .url()
        .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://"),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    APP_URL: optional(z.string().url()),
    // Where certificates' QR codes and credentials point (…/verify/<code>); defaults to APP_URL.
    PUBLIC_URL: optional(z.string().url()),
    // The active Ed25519 certificate signing key (PKCS#8 PEM or private JWK). Without it the embedded
    // demo generates one into DATA_DIR; a PostgreSQL production deployment must set it.
    SIGNING_KEY: optional(z.string().min(40)),
    // The certification body's key and X.509 certificate for the PAdES signature on certificate PDFs: a PKCS#8
    // PEM (RSA or EC P-256) and PEM certificates, the signer's first and then its chain. Both or neither; without
    // them the embedded demo generates a self-signed pair into DATA_DIR. "\n" escapes count as line breaks.
    PDF_SIGNING_KEY: optional(
      z.string().transform(unescapeNewlines).refine(isPrivateKeyPem, "must be a PEM private key (PKCS#8, RSA or EC)"),
    ),
    PDF_SIGNING_CERTIFICATE: optional(
      z
        .string()
        .transform(unescapeNewlines)
        .refine(isCertificateChainPem, "must be PEM certificates (the signer's first, then its chain)"),
    ),
    SMTP_URL: optional(
      z
        .string()
        .url()
        .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
    ),
    // Without SMTP: each delivered e-mail is written to this folder as a .eml file (development, browser tests).
    MAIL_DIR: optional(z.string().min(1)),
    // How often the outbox is delivered.
    MAIL_POLL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
    MAIL_FROM: z.preprocess(emptyToUndefined, z.string().min(3).default("TM Academy <no-reply@tm-academy.local>")),
    // Days the sign-in and forgot-password logs keep IP addresses (docs/privacy.md, "Retention"); a daily job
    // deletes older rows.
    ACCESS_LOG_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(180)),
    // Days an exam attempt's integrity events (page hidden, copy, paste, …) are kept (docs/exam-integrity.md);
    // the same daily job deletes older ones.
    EXAM_EVENT_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(365)),
    SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
    // What this copy does (docs/deployment.md, "Jobs and workers"): web serves and only queues jobs, worker runs
    // the jobs and serves nothing, all does both. web and worker need DATABASE_URL (the queue lives there).
    APP_ROLE: z.preprocess(emptyToUndefined, z.enum(["web", "worker", "all"]).default("all")),
    TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
    // Requests per minute the public verification API answers: without a key per address, with a key per key.
    VERIFY_API_ANONYMOUS_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(60)),
    VERIFY_API_KEY_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(600)),
    // Platform admins, region admins and content reviewers must enrol an authenticator before anything else.
    // Unset: on in production, off otherwise (docs/security.md, "Second factor").
    REQUIRE_TWO_FACTOR: optional(z.enum(["true", "false"])),
    // What the key that encrypts authenticator secrets is derived from. Unset: SIGNING_KEY (or, without it, a
    // key file in DATA_DIR). When SIGNING_KEY is rotated, set this to its previous value so secrets stay readable.
    TWO_FACTOR_KEY: optional(z.string().min(32)),
    // In place of every level's lessonCompletion.minShareOfEstimate (levels.yaml): browser tests, which cannot
    // study for minutes, set a tiny share. Unset: levels.yaml decides.
    LESSON_MIN_SHARE_OF_ESTIMATE: optional(z.coerce.number().min(0).max(1)),
  })
  .refine((e) => !(e.NODE_ENV === "production" && e.DATABASE_URL && !e.SIGNING_KEY), {
    path: ["SIGNING_KEY"],
    message:
      "required in production with DATABASE_URL (a PKCS#8 PEM or JWK Ed25519 private key; `npm run keys:rotate -- --print` makes one)",
  })
  .refine((e) => e.APP_ROLE === "all" || e.DATABASE_URL, {
    path: ["APP_ROLE"],
    message:
      "web and worker need DATABASE_URL: the embedded database belongs to one process, which runs everything (APP_ROLE=all)",
  })
  .refine((e) => !e.PDF_SIGNING_KEY === !e.PDF_SIGNING_CERTIFICATE, {
    path: ["PDF_SIGNING_CERTIFICATE"],
    message: "PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE go together: set both or neither",
  })
  .refine(
    (e) =>
      !e.PDF_SIGNING_KEY ||
      !e.PDF_SIGNING_CERTIFICATE ||
      certificateFitsKey(e.PDF_SIGNING_CERTIFICATE, e.PDF_SIGNING_KEY),
    {
      path: ["PDF_SIGNING_CERTIFICATE"],
      message: "the first certificate is not PDF_SIGNING_KEY's (put the signer's certificate first, then its chain)",
    },
  )
  .refine((e) => !(e.NODE_ENV === "production" && !e.APP_URL), {
    // E-mailed links (password resets, set-password links) must never come from a request's Host header.
    path: ["APP_URL"],
    message: "required in production: the public base URL of e-mailed links, e.g. https://academy.example.cn",
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; throws an error that names every bad variable and what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`Invalid environment variable(s):\n${lines.join("\n")}`);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Parse the environment again on next use: test files that share one process each set their own DATA_DIR. */
export function resetEnvCache() {
  cached = undefined;
}

/** Whether the roles that can change what others rely on must have a second factor (REQUIRE_TWO_FACTOR). */
export function twoFactorRequired(e: Env = env()): boolean {
  return (e.REQUIRE_TWO_FACTOR ?? (e.NODE_ENV === "production" ? "true" : "false")) === "true";
}

/** The deployment's override of levels.yaml's lesson completion rule (LESSON_MIN_SHARE_OF_ESTIMATE), if any. */
export function lessonRuleOverride(e: Env = env()): { minShareOfEstimate?: number } {
  return e.LESSON_MIN_SHARE_OF_ESTIMATE === undefined ? {} : { minShareOfEstimate: e.LESSON_MIN_SHARE_OF_ESTIMATE };
}

/** The public base URL without a trailing slash: what certificates point verifiers to. */
export function publicUrl(): string {
  const e = env();
  return (e.PUBLIC_URL ?? e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}
