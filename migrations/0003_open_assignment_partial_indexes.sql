DROP INDEX `assignments_open_by_annotator`;--> statement-breakpoint
DROP INDEX `assignments_lease`;--> statement-breakpoint
CREATE INDEX `assignments_open_by_annotator_v2` ON `assignments` (`annotator_id`,`campaign_id`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `assignments_open_lease` ON `assignments` (`lease_ends_at`) WHERE status = 'open';