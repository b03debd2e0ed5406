CREATE TABLE `poll_tallies` (
	`poll_id` integer NOT NULL,
	`option` integer NOT NULL,
	`count` integer NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_tallies_unique` ON `poll_tallies` (`poll_id`,`option`);--> statement-breakpoint
CREATE TABLE `poll_voters` (
	`poll_id` integer NOT NULL,
	`voter_hash` text NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_voters_unique` ON `poll_voters` (`poll_id`,`voter_hash`);--> statement-breakpoint
CREATE TABLE `poll_votes` (
	`poll_id` integer NOT NULL,
	`voter_user_id` text NOT NULL,
	`option` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_votes_unique` ON `poll_votes` (`poll_id`,`voter_user_id`,`option`);--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`message_id` text,
	`creator_user_id` text NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`anonymous` integer NOT NULL,
	`hidden` integer NOT NULL,
	`multi` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`status` text NOT NULL,
	`salt` text,
	`created_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `polls_due` ON `polls` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `polls_by_channel` ON `polls` (`platform`,`channel_id`,`status`);