ALTER TYPE "public"."role" ADD VALUE 'content_editor';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'content_reviewer';--> statement-breakpoint
CREATE TABLE "content_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(32) NOT NULL,
	"action" varchar(16) NOT NULL,
	"target_id" uuid,
	"target_label" varchar(300) NOT NULL,
	"payload" jsonb NOT NULL,
	"base_version" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"payload_hash" varchar(64) NOT NULL,
	"status" varchar(16) DEFAULT 'draft' NOT NULL,
	"author_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"review_comment" text,
	"reviewed_at" timestamp with time zone,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"result_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_images" (
	"sha256" varchar(64) PRIMARY KEY NOT NULL,
	"media_type" varchar(40) NOT NULL,
	"extension" varchar(8) NOT NULL,
	"bytes" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_scope_fits_role";--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "origin" varchar(8) DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "owner_organization_id" uuid;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "owner_region_id" uuid;--> statement-breakpoint
ALTER TABLE "lesson_versions" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "lesson_versions" ADD COLUMN "origin" varchar(8) DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "levels" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "levels" ADD COLUMN "origin" varchar(8) DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "question_topics" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "question_versions" ADD COLUMN "origin" varchar(8) DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "content_changes" ADD CONSTRAINT "content_changes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_changes" ADD CONSTRAINT "content_changes_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_changes" ADD CONSTRAINT "content_changes_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_changes_status_idx" ON "content_changes" USING btree ("status","kind");--> statement-breakpoint
CREATE INDEX "content_changes_target_idx" ON "content_changes" USING btree ("kind","target_id");--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_owner_organization_id_organizations_id_fk" FOREIGN KEY ("owner_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_owner_region_id_regions_id_fk" FOREIGN KEY ("owner_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_scope_fits_role" CHECK (("memberships"."role"::text IN ('center_staff', 'employer', 'content_editor', 'content_reviewer') AND "memberships"."organization_id" IS NOT NULL AND "memberships"."region_id" IS NULL)
        OR ("memberships"."role"::text = 'region_admin' AND "memberships"."region_id" IS NOT NULL AND "memberships"."organization_id" IS NULL)
        OR ("memberships"."role"::text IN ('platform_admin', 'trainee') AND "memberships"."region_id" IS NULL));