CREATE TABLE "content_index" (
	"shelf" text NOT NULL,
	"cid" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"preview_cid" text,
	"stored_at" text NOT NULL,
	CONSTRAINT "content_index_shelf_cid_pk" PRIMARY KEY("shelf","cid")
);
--> statement-breakpoint
CREATE TABLE "usage_receipts" (
	"deployment" text NOT NULL,
	"license_id" numeric(78, 0) NOT NULL,
	"account" text NOT NULL,
	"cumulative_units" numeric(20, 0) NOT NULL,
	"signature" text NOT NULL,
	"signed_at" bigint NOT NULL,
	"settled_units" numeric(20, 0) DEFAULT '0' NOT NULL,
	"settled_tx" text,
	"settled_at" bigint,
	"claimed_by" text,
	"claimed_units" numeric(20, 0),
	"claimed_at" bigint,
	"pending_tx" text,
	CONSTRAINT "usage_receipts_deployment_license_id_account_pk" PRIMARY KEY("deployment","license_id","account")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"account" text NOT NULL,
	"ip_id" numeric(78, 0) NOT NULL,
	"deployment" text NOT NULL,
	"license_id" numeric(78, 0) NOT NULL,
	"cid" text NOT NULL,
	"bytes" bigint NOT NULL,
	"file_size" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"deployment" text NOT NULL,
	"license_id" numeric(78, 0) NOT NULL,
	"account" text NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_totals" (
	"deployment" text NOT NULL,
	"license_id" numeric(78, 0) NOT NULL,
	"account" text NOT NULL,
	"ip_id" numeric(78, 0) NOT NULL,
	"served_bytes" bigint NOT NULL,
	"file_size" bigint NOT NULL,
	"files" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "usage_totals_deployment_license_id_account_pk" PRIMARY KEY("deployment","license_id","account")
);
--> statement-breakpoint
CREATE INDEX "usage_records_license_account" ON "usage_records" USING btree ("deployment","license_id","account");--> statement-breakpoint
CREATE INDEX "usage_reservations_license_account" ON "usage_reservations" USING btree ("deployment","license_id","account");--> statement-breakpoint
CREATE INDEX "usage_totals_account" ON "usage_totals" USING btree ("deployment","account");