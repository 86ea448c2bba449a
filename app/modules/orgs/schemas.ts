import { z } from "zod";
import { emailSchema, nameSchema } from "~/modules/auth";

const required = "validation.required";
const orgName = (max: number) =>
  z.string({ required_error: required }).trim().min(1, required).max(max, "validation.text.tooLong");

export const createRegionSchema = z.object({
  code: z
    .string({ required_error: required })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,8}$/, "validation.region.code"),
  nameZh: orgName(100),
  nameEn: orgName(100),
});

export const createOrganizationSchema = z.object({
  kind: z.enum(["training_center", "employer"], { errorMap: () => ({ message: "validation.organization.kind" }) }),
  regionId: z.string({ required_error: "validation.region.unknown" }).uuid("validation.region.unknown"),
  nameZh: orgName(200),
  nameEn: orgName(200),
});

export const addStaffSchema = z.object({
  name: nameSchema,
  email: emailSchema,
});

/** The certification body's staff: its content editors and reviewers (issue 11). */
export const CONTENT_ROLES = ["content_editor", "content_reviewer"] as const;
export const addContentStaffSchema = addStaffSchema.extend({
  role: z.enum(CONTENT_ROLES, { errorMap: () => ({ message: "validation.staff.role" }) }),
});

export const auditFilterSchema = z.object({
  action: z.string().max(64).optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(254).optional(),
  center: z.string().uuid().optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(10000).optional(),
});
