CREATE TABLE `judgment_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`judgment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`judgment_id`) REFERENCES `judgments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judgment_flags_unique` ON `judgment_flags` (`judgment_id`,`kind`);--> statement-breakpoint
CREATE INDEX `judgment_flags_by_kind` ON `judgment_flags` (`kind`);