CREATE TABLE "question_topics" (
	"level_slug" varchar(32) NOT NULL,
	"topic" varchar(80) NOT NULL,
	"module" varchar(16) NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "question_topics_level_slug_topic_pk" PRIMARY KEY("level_slug","topic")
);
--> statement-breakpoint
CREATE TABLE "question_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"type" varchar(16) NOT NULL,
	"difficulty" integer NOT NULL,
	"points_tenths" integer NOT NULL,
	"content" jsonb NOT NULL,
	"key" jsonb NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level_slug" varchar(32) NOT NULL,
	"topic" varchar(80) NOT NULL,
	"external_id" varchar(80) NOT NULL,
	"module" varchar(16) NOT NULL,
	"current_version" integer NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "question_topics" ADD CONSTRAINT "question_topics_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_versions" ADD CONSTRAINT "question_versions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "question_versions_unique" ON "question_versions" USING btree ("question_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_identity_unique" ON "questions" USING btree ("level_slug","topic","external_id");--> statement-breakpoint
CREATE INDEX "questions_draw_idx" ON "questions" USING btree ("level_slug","module","topic");