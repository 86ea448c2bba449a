CREATE TABLE "exam_item_stat_keys" (
	"level_slug" varchar(32) NOT NULL,
	"rank_key" double precision NOT NULL,
	"bucket" integer NOT NULL,
	"attempts" bigint NOT NULL,
	CONSTRAINT "exam_item_stat_keys_level_slug_rank_key_bucket_pk" PRIMARY KEY("level_slug","rank_key","bucket")
);
--> statement-breakpoint
-- The attempts already folded in, counted (the job adds and takes out from here on).
INSERT INTO "exam_item_stat_keys" ("level_slug", "rank_key", "bucket", "attempts")
SELECT "level_slug", "rank_key", coalesce(least(floor("score_tenths" * 10.0 / nullif("max_tenths", 0)), 9)::int, -1), count(*)
FROM "exam_item_stat_attempts" GROUP BY 1, 2, 3;
