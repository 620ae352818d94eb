CREATE TABLE "itglue_documentation" (
	"integration_id" text NOT NULL,
	"kind" text NOT NULL,
	"itglue_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"organization_name" text,
	"organization_key" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"resource_type" text,
	"resource_name" text,
	"resource_type_name" text,
	"url" text,
	"source_updated_at" timestamp with time zone,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "itglue_documentation_integration_id_kind_itglue_id_pk" PRIMARY KEY("integration_id","kind","itglue_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_checklists" (
	"integration_id" text NOT NULL,
	"bms_ticket_id" text NOT NULL,
	"template_id" text NOT NULL,
	"template_name" text NOT NULL,
	"applied_by" text NOT NULL,
	"state" text NOT NULL,
	"planned" jsonb NOT NULL,
	"item_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "ticket_checklists_integration_id_bms_ticket_id_template_id_pk" PRIMARY KEY("integration_id","bms_ticket_id","template_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_suggestions" (
	"integration_id" text NOT NULL,
	"bms_ticket_id" text NOT NULL,
	"suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note_state" text DEFAULT 'none' NOT NULL,
	"note_id" text,
	"note_hash" text,
	"note_modified_on" text,
	"note_modified_by" integer,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_suggestions_integration_id_bms_ticket_id_pk" PRIMARY KEY("integration_id","bms_ticket_id")
);
--> statement-breakpoint
ALTER TABLE "itglue_documentation" ADD CONSTRAINT "itglue_documentation_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_checklists" ADD CONSTRAINT "ticket_checklists_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_rules" ADD CONSTRAINT "ticket_rules_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_suggestions" ADD CONSTRAINT "ticket_suggestions_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "itglue_documentation_org_idx" ON "itglue_documentation" USING btree ("integration_id","organization_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_rules_name_unique" ON "ticket_rules" USING btree ("integration_id","kind","name");