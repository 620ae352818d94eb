CREATE TABLE "billing_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" bigint NOT NULL,
	"integration_id" text NOT NULL,
	"billing_date" date NOT NULL,
	"previous_units" numeric(14, 4) NOT NULL,
	"new_units" numeric(14, 4) NOT NULL,
	"delta" numeric(14, 4) NOT NULL,
	"unit_price" numeric(14, 4) NOT NULL,
	"cycle" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"days_in_period" integer NOT NULL,
	"remaining_days" integer NOT NULL,
	"prorated_amount" numeric(18, 2) NOT NULL,
	"exact_amount" numeric(30, 12) NOT NULL,
	"workflow_id" text NOT NULL,
	"pushed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" text NOT NULL,
	"name" text NOT NULL,
	"bms_account_id" text NOT NULL,
	"bms_contract_id" text NOT NULL,
	"bms_service_line_id" text NOT NULL,
	"flexible_asset_type_id" text NOT NULL,
	"bill_by_field" text NOT NULL,
	"filter_field" text,
	"filter_values" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unit_price" numeric(14, 4) NOT NULL,
	"cycle" text NOT NULL,
	"current_units" numeric(14, 4),
	"last_billed_date" date,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"region" text NOT NULL,
	"billing_date" date NOT NULL,
	"scope" text DEFAULT '*' NOT NULL,
	"workflow_id" text NOT NULL,
	"status" text NOT NULL,
	"summary" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_runs_region_billing_date_scope_pk" PRIMARY KEY("region","billing_date","scope")
);
--> statement-breakpoint
CREATE TABLE "cursors" (
	"integration_id" text NOT NULL,
	"name" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cursors_integration_id_name_pk" PRIMARY KEY("integration_id","name")
);
--> statement-breakpoint
CREATE TABLE "disconnect_deletions" (
	"run_id" bigint NOT NULL,
	"integration_id" text NOT NULL,
	"kind" text NOT NULL,
	"itglue_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"parent_id" text,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "disconnect_deletions_run_id_kind_itglue_id_pk" PRIMARY KEY("run_id","kind","itglue_id")
);
--> statement-breakpoint
CREATE TABLE "integration_secrets" (
	"integration_id" text NOT NULL,
	"name" text NOT NULL,
	"key_id" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_secrets_integration_id_name_pk" PRIMARY KEY("integration_id","name")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"bms_base_url" text NOT NULL,
	"bms_tenant" text NOT NULL,
	"bms_user_name" text NOT NULL,
	"itglue_base_url" text NOT NULL,
	"region" text NOT NULL,
	"settings" jsonb NOT NULL,
	"two_way_enabled_at" timestamp with time zone,
	"hard_delete_enabled" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrations_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" text NOT NULL,
	"entity" text NOT NULL,
	"bms_id" text,
	"itglue_id" text,
	"bms_parent_id" text,
	"itglue_parent_id" text,
	"state" text NOT NULL,
	"reason" text,
	"match_rule" text,
	"match_tier" integer,
	"match_explanation" text,
	"snapshot" jsonb,
	"bms_modified_at" timestamp with time zone,
	"itglue_updated_at" timestamp with time zone,
	"last_synced_at" timestamp with time zone,
	"last_run_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mirrors" (
	"integration_id" text NOT NULL,
	"system" text NOT NULL,
	"entity" text NOT NULL,
	"external_id" text NOT NULL,
	"parent_id" text,
	"match_key" text DEFAULT '' NOT NULL,
	"fingerprint" text,
	"record" jsonb NOT NULL,
	"source_created_at" timestamp with time zone,
	"source_updated_at" timestamp with time zone,
	"seen_run_id" bigint,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mirrors_integration_id_system_entity_external_id_pk" PRIMARY KEY("integration_id","system","entity","external_id")
);
--> statement-breakpoint
CREATE TABLE "overrides" (
	"integration_id" text NOT NULL,
	"entity" text NOT NULL,
	"bms_id" text NOT NULL,
	"action" text NOT NULL,
	"itglue_id" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "overrides_integration_id_entity_bms_id_pk" PRIMARY KEY("integration_id","entity","bms_id")
);
--> statement-breakpoint
CREATE TABLE "push_all_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"comment" text,
	"signal_seq" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_all_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_run_id" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"precheck" jsonb,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"expires_at" timestamp with time zone,
	"report" jsonb,
	"sync_run_id" bigint,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limit_windows" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_windows_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "sync_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"integration_id" text NOT NULL,
	"entity" text NOT NULL,
	"action" text NOT NULL,
	"bms_id" text,
	"itglue_id" text,
	"message" text NOT NULL,
	"details" jsonb,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" text NOT NULL,
	"kind" text NOT NULL,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_run_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" text,
	"error" text,
	"details" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "billing_ledger" ADD CONSTRAINT "billing_ledger_rule_id_billing_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."billing_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_ledger" ADD CONSTRAINT "billing_ledger_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_rules" ADD CONSTRAINT "billing_rules_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cursors" ADD CONSTRAINT "cursors_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disconnect_deletions" ADD CONSTRAINT "disconnect_deletions_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_secrets" ADD CONSTRAINT "integration_secrets_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mirrors" ADD CONSTRAINT "mirrors_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_all_events" ADD CONSTRAINT "push_all_events_request_id_push_all_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."push_all_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_all_requests" ADD CONSTRAINT "push_all_requests_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_all_requests" ADD CONSTRAINT "push_all_requests_sync_run_id_sync_runs_id_fk" FOREIGN KEY ("sync_run_id") REFERENCES "public"."sync_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_log" ADD CONSTRAINT "sync_log_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_ledger_once" ON "billing_ledger" USING btree ("rule_id","billing_date");--> statement-breakpoint
CREATE INDEX "billing_ledger_integration_idx" ON "billing_ledger" USING btree ("integration_id","billing_date");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_rules_name_unique" ON "billing_rules" USING btree ("integration_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_rules_line_unique" ON "billing_rules" USING btree ("integration_id","bms_contract_id","bms_service_line_id");--> statement-breakpoint
CREATE INDEX "disconnect_deletions_pending_idx" ON "disconnect_deletions" USING btree ("run_id","kind","deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "links_bms_unique" ON "links" USING btree ("integration_id","entity","bms_id");--> statement-breakpoint
CREATE UNIQUE INDEX "links_itglue_unique" ON "links" USING btree ("integration_id","entity","itglue_id");--> statement-breakpoint
CREATE INDEX "links_state_idx" ON "links" USING btree ("integration_id","entity","state");--> statement-breakpoint
CREATE INDEX "links_itglue_parent_idx" ON "links" USING btree ("integration_id","itglue_parent_id");--> statement-breakpoint
CREATE INDEX "mirrors_parent_idx" ON "mirrors" USING btree ("integration_id","system","entity","parent_id","match_key");--> statement-breakpoint
CREATE INDEX "mirrors_match_idx" ON "mirrors" USING btree ("integration_id","system","entity","match_key");--> statement-breakpoint
CREATE INDEX "mirrors_updated_idx" ON "mirrors" USING btree ("integration_id","system","entity","source_updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "push_all_events_signal_unique" ON "push_all_events" USING btree ("request_id","signal_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "push_all_workflow_unique" ON "push_all_requests" USING btree ("workflow_id","workflow_run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "push_all_once" ON "push_all_requests" USING btree ("integration_id") WHERE status = 'completed';--> statement-breakpoint
CREATE UNIQUE INDEX "sync_log_dedupe_unique" ON "sync_log" USING btree ("run_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "sync_log_integration_idx" ON "sync_log" USING btree ("integration_id","created_at");--> statement-breakpoint
CREATE INDEX "sync_log_record_idx" ON "sync_log" USING btree ("integration_id","entity","bms_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_workflow_unique" ON "sync_runs" USING btree ("workflow_id","workflow_run_id");--> statement-breakpoint
CREATE INDEX "sync_runs_integration_idx" ON "sync_runs" USING btree ("integration_id","started_at");