CREATE TABLE "statistics_facts" (
	"level_slug" varchar(32) NOT NULL,
	"region_id" uuid,
	"center_id" uuid,
	"year" integer NOT NULL,
	"trained" integer DEFAULT 0 NOT NULL,
	"certified" integer DEFAULT 0 NOT NULL,
	"sat" integer DEFAULT 0 NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_snapshots" (
	"key" varchar(32) PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_facts_region_idx" ON "statistics_facts" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "statistics_facts_center_idx" ON "statistics_facts" USING btree ("center_id");