CREATE TABLE `annotator_weekly` (
	`campaign_id` integer NOT NULL,
	`annotator_id` integer NOT NULL,
	`week_start` integer NOT NULL,
	`judgments` integer NOT NULL,
	`agreement` real,
	`gold_answered` integer NOT NULL,
	`gold_accuracy` real,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`annotator_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annotator_weekly_pk` ON `annotator_weekly` (`campaign_id`,`annotator_id`,`week_start`);