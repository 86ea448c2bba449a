CREATE TYPE "public"."attendance_status" AS ENUM('present', 'late', 'absent', 'excused');--> statement-breakpoint
CREATE TABLE "classroom_attendance" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "attendance_status" NOT NULL,
	"checked_in_at" timestamp with time zone,
	"marked_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classroom_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "classroom_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" varchar(200) NOT NULL,
	"lecturer" varchar(100) NOT NULL,
	"credit_minutes" integer NOT NULL,
	"topic" text,
	"course_slug" varchar(80),
	"grace_minutes" integer DEFAULT 10 NOT NULL,
	"check_in_key" "bytea" NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "classroom_sessions_time_ordered" CHECK ("classroom_sessions"."ends_at" > "classroom_sessions"."starts_at"),
	CONSTRAINT "classroom_sessions_credit_range" CHECK ("classroom_sessions"."credit_minutes" >= 0 and "classroom_sessions"."credit_minutes" <= 1440),
	CONSTRAINT "classroom_sessions_grace_range" CHECK ("classroom_sessions"."grace_minutes" >= 0 and "classroom_sessions"."grace_minutes" <= 240)
);
--> statement-breakpoint
CREATE TABLE "essay_marks" (
	"attempt_id" uuid NOT NULL,
	"item" integer NOT NULL,
	"part" integer NOT NULL,
	"round" integer NOT NULL,
	"grader_id" uuid,
	"points_tenths" integer NOT NULL,
	"criteria_tenths" integer[],
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "essay_marks_attempt_id_item_part_round_pk" PRIMARY KEY("attempt_id","item","part","round"),
	CONSTRAINT "essay_marks_round" CHECK ("essay_marks"."round" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "anonymous_marking" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "second_marking" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD COLUMN "criteria_tenths" integer[];--> statement-breakpoint
ALTER TABLE "classroom_attendance" ADD CONSTRAINT "classroom_attendance_session_id_classroom_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."classroom_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_attendance" ADD CONSTRAINT "classroom_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_attendance" ADD CONSTRAINT "classroom_attendance_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_sessions" ADD CONSTRAINT "classroom_sessions_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_sessions" ADD CONSTRAINT "classroom_sessions_course_slug_courses_slug_fk" FOREIGN KEY ("course_slug") REFERENCES "public"."courses"("slug") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_sessions" ADD CONSTRAINT "classroom_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "essay_marks" ADD CONSTRAINT "essay_marks_grader_id_users_id_fk" FOREIGN KEY ("grader_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "essay_marks" ADD CONSTRAINT "essay_marks_attempt_id_item_part_attempt_answers_attempt_id_item_part_fk" FOREIGN KEY ("attempt_id","item","part") REFERENCES "public"."attempt_answers"("attempt_id","item","part") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "classroom_attendance_user_idx" ON "classroom_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "classroom_sessions_cohort_idx" ON "classroom_sessions" USING btree ("cohort_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "essay_marks_one_per_grader" ON "essay_marks" USING btree ("attempt_id","item","part","grader_id");