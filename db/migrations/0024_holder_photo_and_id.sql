CREATE TABLE "certificate_holder_facts" (
	"certificate_id" uuid PRIMARY KEY NOT NULL,
	"photo" "bytea",
	"photo_type" varchar(32),
	"id_number_masked" varchar(18)
);
--> statement-breakpoint
CREATE TABLE "holder_id_cards" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"masked" varchar(18) NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holder_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"image" "bytea" NOT NULL,
	"image_type" varchar(32) NOT NULL,
	"status" varchar(16) NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "certificate_brandings" ADD COLUMN "holder_photo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_brandings" ADD COLUMN "holder_id_number" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_holder_facts" ADD CONSTRAINT "certificate_holder_facts_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holder_id_cards" ADD CONSTRAINT "holder_id_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holder_photos" ADD CONSTRAINT "holder_photos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holder_photos" ADD CONSTRAINT "holder_photos_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "holder_photos_one_pending" ON "holder_photos" USING btree ("user_id") WHERE "holder_photos"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "holder_photos_one_approved" ON "holder_photos" USING btree ("user_id") WHERE "holder_photos"."status" = 'approved';