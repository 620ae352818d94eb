DROP INDEX "mirrors_match_idx";--> statement-breakpoint
DROP INDEX "mirrors_updated_idx";--> statement-breakpoint
CREATE INDEX "mirrors_batch_parent_idx" ON "mirrors" USING btree ("integration_id","system","entity",coalesce("parent_id", ''),lpad("external_id", 20, '0'));--> statement-breakpoint
CREATE INDEX "mirrors_batch_key_idx" ON "mirrors" USING btree ("integration_id","system","entity","match_key",lpad("external_id", 20, '0'));