CREATE TABLE "certificate_pdfs" (
	"certificate_id" uuid NOT NULL,
	"language" varchar(2) NOT NULL,
	"render_key" varchar(64) NOT NULL,
	"pdf" "bytea" NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_pdfs_certificate_id_language_pk" PRIMARY KEY("certificate_id","language")
);
--> statement-breakpoint
CREATE TABLE "certificate_zip_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"center_id" uuid NOT NULL,
	"language" varchar(2) NOT NULL,
	"requested_by" uuid,
	"state" varchar(16) DEFAULT 'running' NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"error" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "certificate_pdfs" ADD CONSTRAINT "certificate_pdfs_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_zip_runs" ADD CONSTRAINT "certificate_zip_runs_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_zip_runs" ADD CONSTRAINT "certificate_zip_runs_center_id_organizations_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_zip_runs" ADD CONSTRAINT "certificate_zip_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_zip_runs_one_running" ON "certificate_zip_runs" USING btree ("cohort_id","language") WHERE "certificate_zip_runs"."state" = 'running';