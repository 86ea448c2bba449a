import { z } from "zod";

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const envSchema = z.object({
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
  SMTP_URL: optional(
    z
      .string()
      .url()
      .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
  ),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.string().min(3).default("TM Academy <no-reply@tm-academy.local>")),
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
  // Requests per minute the public verification API answers: without a key per address, with a key per key.
  VERIFY_API_ANONYMOUS_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(60)),
  VERIFY_API_KEY_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(600)),
}).refine((e) => !(e.NODE_ENV === "production" && e.DATABASE_URL && !e.SIGNING_KEY), {
  path: ["SIGNING_KEY"],
  message: "required in production with DATABASE_URL (a PKCS#8 PEM or JWK Ed25519 private key; `npm run keys:rotate -- --print` makes one)",
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; throws an error that names every bad variable and what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
  );
  throw new EnvError(`Invalid environment variable(s):\n${lines.join("\n")}`);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The public base URL without a trailing slash: what certificates point verifiers to. */
export function publicUrl(): string {
  const e = env();
  return (e.PUBLIC_URL ?? e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}
