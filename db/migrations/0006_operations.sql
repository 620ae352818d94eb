CREATE TABLE "worker_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "secrets_key_id" text;--> statement-breakpoint
-- Credentials written before key fingerprints were kept: the key of their newest secret.
UPDATE "integrations" SET "secrets_key_id" = (SELECT "key_id" FROM "integration_secrets" WHERE "integration_secrets"."integration_id" = "integrations"."id" ORDER BY "updated_at" DESC LIMIT 1);
