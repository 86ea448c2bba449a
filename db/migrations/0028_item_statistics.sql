CREATE TABLE "exam_item_stat_attempts" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"level_slug" varchar(32) NOT NULL,
	"rank_key" double precision NOT NULL,
	"score_tenths" integer,
	"max_tenths" integer NOT NULL,
	"graded_at" timestamp with time zone NOT NULL,
	"questions" uuid[] NOT NULL,
	"facility" double precision[] NOT NULL,
	"sections" integer[] NOT NULL,
	"section_got" bigint[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_item_stat_cells" (
	"level_slug" varchar(32) NOT NULL,
	"question_id" uuid NOT NULL,
	"band" integer NOT NULL,
	"used" bigint NOT NULL,
	"facility_n" bigint NOT NULL,
	"facility_sum" double precision NOT NULL,
	CONSTRAINT "exam_item_stat_cells_level_slug_question_id_band_pk" PRIMARY KEY("level_slug","question_id","band")
);
--> statement-breakpoint
CREATE TABLE "exam_item_stat_sections" (
	"level_slug" varchar(32) NOT NULL,
	"section" integer NOT NULL,
	"n" bigint NOT NULL,
	"sum" numeric NOT NULL,
	"sum_sq" numeric NOT NULL,
	CONSTRAINT "exam_item_stat_sections_level_slug_section_pk" PRIMARY KEY("level_slug","section")
);
--> statement-breakpoint
CREATE TABLE "exam_item_stats" (
	"level_slug" varchar(32) NOT NULL,
	"scope" varchar(36) NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"result" jsonb NOT NULL,
	CONSTRAINT "exam_item_stats_level_slug_scope_pk" PRIMARY KEY("level_slug","scope")
);
--> statement-breakpoint
ALTER TABLE "exam_item_stats" ADD CONSTRAINT "exam_item_stats_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exam_item_stat_attempts_rank_idx" ON "exam_item_stat_attempts" USING btree ("level_slug","rank_key","attempt_id");--> statement-breakpoint
-- The arrays go to TOAST at once, so the table's own rows stay narrow: the job compares every attempt's signature
-- and reads the ranking on each run, and only the few changed or boundary attempts' arrays.
ALTER TABLE "exam_item_stat_attempts" SET (toast_tuple_target = 128);