CREATE TABLE `seen_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `seen_requests_expiry` ON `seen_requests` (`expires_at`);--> statement-breakpoint
ALTER TABLE `import_batches` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `owner_pid` integer;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `first_comparison_id` integer;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `attempts` integer DEFAULT 1 NOT NULL;