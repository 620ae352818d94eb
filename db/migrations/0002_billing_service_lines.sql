ALTER TABLE "billing_rules" ALTER COLUMN "bms_service_line_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_ledger" ADD COLUMN "push_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing_ledger" ADD COLUMN "bms_line_id" text;--> statement-breakpoint
ALTER TABLE "billing_rules" ADD COLUMN "bms_service_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_rules_service_unique" ON "billing_rules" USING btree ("integration_id","bms_contract_id","bms_service_id") WHERE "billing_rules"."bms_service_line_id" is null;