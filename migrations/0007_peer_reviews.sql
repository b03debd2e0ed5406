CREATE TABLE `peer_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`judgment_id` integer NOT NULL,
	`reviewer_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`lease_ends_at` integer,
	`created_at` integer NOT NULL,
	`reviewed_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `peer_reviews_judgment` ON `peer_reviews` (`judgment_id`);--> statement-breakpoint
CREATE INDEX `peer_reviews_queue` ON `peer_reviews` (`campaign_id`,`status`,`id`);