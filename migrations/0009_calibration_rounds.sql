CREATE TABLE `calibration_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`run_key` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`items` text NOT NULL,
	`opens_at` integer NOT NULL,
	`remind_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`reminded` integer DEFAULT false NOT NULL,
	`announcements` text DEFAULT '[]' NOT NULL,
	`summary` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calibration_rounds_run_key_unique` ON `calibration_rounds` (`run_key`);--> statement-breakpoint
CREATE INDEX `calibration_rounds_due` ON `calibration_rounds` (`status`,`closes_at`);--> statement-breakpoint
CREATE TABLE `round_participants` (
	`round_id` integer NOT NULL,
	`annotator_id` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`kappa` real,
	`accuracy` real,
	`passed` integer,
	FOREIGN KEY (`round_id`) REFERENCES `calibration_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`annotator_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_participants_pk` ON `round_participants` (`round_id`,`annotator_id`);