ALTER TABLE "certificates" DROP CONSTRAINT "certificates_status_index_unique";--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "status_index" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status_list" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_status_slot" ON "certificates" USING btree ("status_list","status_index");--> statement-breakpoint
DROP SEQUENCE "public"."certificate_status_index_seq";