CREATE TABLE "course_versions" (
	"course_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"lesson_order" jsonb NOT NULL,
	"origin" varchar(8) DEFAULT 'file' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_versions_course_id_version_pk" PRIMARY KEY("course_id","version")
);
--> statement-breakpoint
CREATE TABLE "level_versions" (
	"level_slug" varchar(32) NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"origin" varchar(8) DEFAULT 'file' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "level_versions_level_slug_version_pk" PRIMARY KEY("level_slug","version")
);
--> statement-breakpoint
ALTER TABLE "content_changes" ALTER COLUMN "target_id" SET DATA TYPE varchar(80);--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "current_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "levels" ADD COLUMN "current_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "level_version" integer;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "level_version" integer;--> statement-breakpoint
ALTER TABLE "course_versions" ADD CONSTRAINT "course_versions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_versions" ADD CONSTRAINT "level_versions_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The versions in place today become version 1, so every change made from now on has its "before" for the diff.
INSERT INTO "level_versions" ("level_slug", "version", "config", "origin", "created_at") SELECT "slug", 1, "config", "origin", "loaded_at" FROM "levels";--> statement-breakpoint
INSERT INTO "course_versions" ("course_id", "version", "source", "lesson_order", "origin", "created_at") SELECT c."id", 1, coalesce(c."source", ''), coalesce((SELECT jsonb_agg(l."slug" ORDER BY l."position") FROM "lessons" l WHERE l."course_id" = c."id" AND l."retired_at" IS NULL), '[]'::jsonb), c."origin", c."loaded_at" FROM "courses" c;
