CREATE TABLE "exam_device_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"attempt_id" uuid NOT NULL,
	"device_hash" varchar(64) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exam_integrity_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exam_integrity_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"attempt_id" uuid NOT NULL,
	"session_id" uuid,
	"kind" varchar(32) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"client_seq" integer,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "exam_integrity_reviews" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"flagged_by" uuid,
	"flagged_at" timestamp with time zone NOT NULL,
	"flag_reason" text NOT NULL,
	"decision" varchar(16),
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "exam_proctor_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exam_proctor_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" uuid NOT NULL,
	"attempt_id" uuid,
	"body" text NOT NULL,
	"sent_by" uuid,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "device_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "last_ip" varchar(64);--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "access_code_mode" varchar(16) DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "access_code" varchar(32);--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "access_secret" varchar(64);--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "access_rotate_minutes" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "allowed_networks" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "device_change_wait_minutes" integer;--> statement-breakpoint
ALTER TABLE "exam_device_requests" ADD CONSTRAINT "exam_device_requests_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_device_requests" ADD CONSTRAINT "exam_device_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_integrity_events" ADD CONSTRAINT "exam_integrity_events_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_integrity_events" ADD CONSTRAINT "exam_integrity_events_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_integrity_reviews" ADD CONSTRAINT "exam_integrity_reviews_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_integrity_reviews" ADD CONSTRAINT "exam_integrity_reviews_flagged_by_users_id_fk" FOREIGN KEY ("flagged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_integrity_reviews" ADD CONSTRAINT "exam_integrity_reviews_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_proctor_messages" ADD CONSTRAINT "exam_proctor_messages_session_id_exam_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."exam_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_proctor_messages" ADD CONSTRAINT "exam_proctor_messages_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_proctor_messages" ADD CONSTRAINT "exam_proctor_messages_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_device_requests_one_pending" ON "exam_device_requests" USING btree ("attempt_id") WHERE "exam_device_requests"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "exam_integrity_events_client_seq" ON "exam_integrity_events" USING btree ("attempt_id","client_seq");--> statement-breakpoint
CREATE INDEX "exam_integrity_events_session_idx" ON "exam_integrity_events" USING btree ("session_id","id");--> statement-breakpoint
CREATE INDEX "exam_integrity_events_received_idx" ON "exam_integrity_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "exam_proctor_messages_session_idx" ON "exam_proctor_messages" USING btree ("session_id","id");--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exam_attempts_session_idx" ON "exam_attempts" USING btree ("session_id");