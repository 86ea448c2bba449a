CREATE TABLE "certificate_brandings" (
	"organization_id" uuid NOT NULL,
	"state" varchar(16) NOT NULL,
	"logo" "bytea",
	"logo_type" varchar(32),
	"seal" "bytea",
	"seal_type" varchar(32),
	"signature" "bytea",
	"signature_type" varchar(32),
	"signatory_name" varchar(60),
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_brandings_organization_id_state_pk" PRIMARY KEY("organization_id","state")
);
--> statement-breakpoint
ALTER TABLE "certificate_brandings" ADD CONSTRAINT "certificate_brandings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_brandings" ADD CONSTRAINT "certificate_brandings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;