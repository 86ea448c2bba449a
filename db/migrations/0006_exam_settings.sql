CREATE TABLE "exam_settings" (
	"level_slug" varchar(32) PRIMARY KEY NOT NULL,
	"duration_minutes" integer NOT NULL,
	"pass_percent" integer NOT NULL,
	"attempt_limit" integer NOT NULL,
	"wait_hours_between_attempts" integer NOT NULL,
	"review" varchar(32) NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_settings" ADD CONSTRAINT "exam_settings_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_settings" ADD CONSTRAINT "exam_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;