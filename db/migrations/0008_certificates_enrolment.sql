CREATE TYPE "public"."case_status" AS ENUM('submitted', 'approved', 'returned');--> statement-breakpoint
CREATE TYPE "public"."contract_type" AS ENUM('development', 'transfer', 'licence', 'consulting', 'service');--> statement-breakpoint
CREATE TYPE "public"."defence_result" AS ENUM('passed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."verifier_kind" AS ENUM('page', 'api_anonymous', 'api_key', 'bulk');--> statement-breakpoint
CREATE SEQUENCE "public"."certificate_status_index_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"prefix" varchar(16) NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "case_defences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"level_slug" varchar(32) NOT NULL,
	"result" "defence_result" NOT NULL,
	"held_on" date NOT NULL,
	"panel" text,
	"comment" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"file_name" varchar(255) NOT NULL,
	"mime_type" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid,
	"query" varchar(64) NOT NULL,
	"kind" "verifier_kind" NOT NULL,
	"api_key_id" uuid,
	"organization_id" uuid,
	"name_checked" boolean DEFAULT false NOT NULL,
	"name_matched" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_renewals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"previous_id" uuid NOT NULL,
	"renewed_id" uuid NOT NULL,
	"hours" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_sequences" (
	"prefix" varchar(40) PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"level_slug" varchar(32) NOT NULL,
	"center_id" uuid,
	"serial" varchar(40) NOT NULL,
	"code" varchar(16) NOT NULL,
	"record" jsonb NOT NULL,
	"signature" text NOT NULL,
	"kid" varchar(64) NOT NULL,
	"status_index" integer DEFAULT nextval('certificate_status_index_seq') NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"issued_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	"supersede_reason" varchar(16),
	"reminder_sent_at" timestamp with time zone,
	CONSTRAINT "certificates_serial_unique" UNIQUE("serial"),
	CONSTRAINT "certificates_code_unique" UNIQUE("code"),
	CONSTRAINT "certificates_status_index_unique" UNIQUE("status_index")
);
--> statement-breakpoint
CREATE TABLE "continuing_education" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"level_slug" varchar(32) NOT NULL,
	"hours" integer NOT NULL,
	"activity" text NOT NULL,
	"completed_on" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"contract_type" "contract_type" NOT NULL,
	"registration_no" varchar(64),
	"amount_fen" bigint NOT NULL,
	"role" varchar(200) NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"description" text NOT NULL,
	"status" "case_status" DEFAULT 'submitted' NOT NULL,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" varchar(64) PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"active_from" timestamp with time zone NOT NULL,
	"active_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "enrolment_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"center_id" uuid NOT NULL,
	"cohort_id" uuid,
	"file_name" varchar(255) NOT NULL,
	"file_sha256" varchar(64) NOT NULL,
	"rows_summary" text NOT NULL,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainee_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"employer" varchar(200),
	"job_title" varchar(100),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainee_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"from_center_id" uuid,
	"to_center_id" uuid NOT NULL,
	"reason" text,
	"transferred_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_defences" ADD CONSTRAINT "case_defences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_defences" ADD CONSTRAINT "case_defences_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_defences" ADD CONSTRAINT "case_defences_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_evidence" ADD CONSTRAINT "case_evidence_case_id_portfolio_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."portfolio_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_checks" ADD CONSTRAINT "certificate_checks_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_checks" ADD CONSTRAINT "certificate_checks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_renewals" ADD CONSTRAINT "certificate_renewals_previous_id_certificates_id_fk" FOREIGN KEY ("previous_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_renewals" ADD CONSTRAINT "certificate_renewals_renewed_id_certificates_id_fk" FOREIGN KEY ("renewed_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_center_id_organizations_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_kid_signing_keys_kid_fk" FOREIGN KEY ("kid") REFERENCES "public"."signing_keys"("kid") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "continuing_education" ADD CONSTRAINT "continuing_education_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "continuing_education" ADD CONSTRAINT "continuing_education_level_slug_levels_slug_fk" FOREIGN KEY ("level_slug") REFERENCES "public"."levels"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "continuing_education" ADD CONSTRAINT "continuing_education_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_cases" ADD CONSTRAINT "portfolio_cases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_cases" ADD CONSTRAINT "portfolio_cases_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_imports" ADD CONSTRAINT "enrolment_imports_center_id_organizations_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_imports" ADD CONSTRAINT "enrolment_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainee_profiles" ADD CONSTRAINT "trainee_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainee_transfers" ADD CONSTRAINT "trainee_transfers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainee_transfers" ADD CONSTRAINT "trainee_transfers_from_center_id_organizations_id_fk" FOREIGN KEY ("from_center_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainee_transfers" ADD CONSTRAINT "trainee_transfers_to_center_id_organizations_id_fk" FOREIGN KEY ("to_center_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainee_transfers" ADD CONSTRAINT "trainee_transfers_transferred_by_users_id_fk" FOREIGN KEY ("transferred_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "case_defences_user_idx" ON "case_defences" USING btree ("user_id","level_slug");--> statement-breakpoint
CREATE INDEX "case_evidence_case_idx" ON "case_evidence" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "certificate_checks_certificate_idx" ON "certificate_checks" USING btree ("certificate_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_one_current" ON "certificates" USING btree ("user_id","level_slug") WHERE "certificates"."revoked_at" is null and "certificates"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "certificates_user_idx" ON "certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "certificates_center_idx" ON "certificates" USING btree ("center_id","issued_at");--> statement-breakpoint
CREATE INDEX "certificates_expiry_idx" ON "certificates" USING btree ("expires_at") WHERE "certificates"."revoked_at" is null and "certificates"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "continuing_education_user_idx" ON "continuing_education" USING btree ("user_id","level_slug");--> statement-breakpoint
CREATE INDEX "portfolio_cases_user_idx" ON "portfolio_cases" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "enrolment_imports_center_idx" ON "enrolment_imports" USING btree ("center_id");--> statement-breakpoint
CREATE INDEX "trainee_transfers_user_idx" ON "trainee_transfers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "trainee_transfers_from_idx" ON "trainee_transfers" USING btree ("from_center_id");