CREATE TABLE "content_credentials" (
	"cid" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"manifest_hash" text,
	"credentials" jsonb NOT NULL,
	"read_at" bigint NOT NULL
);
