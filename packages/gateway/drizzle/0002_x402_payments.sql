CREATE TABLE "x402_payments" (
	"transaction" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"payer" text NOT NULL,
	"ip_id" numeric(78, 0) NOT NULL,
	"cid" text NOT NULL,
	"asset" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"pay_to" text NOT NULL,
	"network" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "x402_payments_payer" ON "x402_payments" USING btree ("payer");