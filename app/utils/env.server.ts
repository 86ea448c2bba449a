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
  SMTP_URL: optional(
    z
      .string()
      .url()
      .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
  ),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.string().min(3).default("TM Academy <no-reply@tm-academy.local>")),
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
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
