ALTER TABLE `job_runs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `attempts` integer DEFAULT 1 NOT NULL;