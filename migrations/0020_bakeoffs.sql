CREATE TABLE `bakeoff_outputs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bakeoff_id` integer NOT NULL,
	`prompt_key` text NOT NULL,
	`prompt` text NOT NULL,
	`model` text NOT NULL,
	`output` text NOT NULL,
	FOREIGN KEY (`bakeoff_id`) REFERENCES `bakeoffs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bakeoff_outputs_unique` ON `bakeoff_outputs` (`bakeoff_id`,`prompt_key`,`model`);--> statement-breakpoint
CREATE TABLE `bakeoffs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`status` text NOT NULL,
	`confidence` real NOT NULL,
	`min_views` integer NOT NULL,
	`exploration` real NOT NULL,
	`margin` real NOT NULL,
	`max_votes` integer NOT NULL,
	`parallel` integer NOT NULL,
	`platform` text,
	`channel_id` text,
	`root_message_id` text,
	`board_channel_id` text,
	`board_message_id` text,
	`outcome` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bakeoffs_campaign` ON `bakeoffs` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `bakeoffs_by_status` ON `bakeoffs` (`status`);