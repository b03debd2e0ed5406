CREATE TABLE `annotator_campaign_notes` (
	`annotator_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`guideline_version_shown` integer,
	`leads_told_stuck_at` integer,
	PRIMARY KEY(`annotator_id`, `campaign_id`),
	FOREIGN KEY (`annotator_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
