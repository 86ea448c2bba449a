ALTER TABLE "attempt_answers" ADD COLUMN "graded_by" uuid;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD COLUMN "graded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_graded_by_users_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_answers_ungraded_idx" ON "attempt_answers" USING btree ("attempt_id") WHERE "attempt_answers"."points_tenths" is null;