CREATE INDEX "audit_target" ON "audit_events" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "entries_patient" ON "entries" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "images_patient" ON "images" USING btree ("patient_id");