CREATE TABLE "certificate_integrity_alerts" (
	"certificate_id" uuid PRIMARY KEY NOT NULL,
	"kid" varchar(64) NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_integrity_alerts" ADD CONSTRAINT "certificate_integrity_alerts_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;