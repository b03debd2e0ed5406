CREATE TABLE `identity_merge_archive` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kept_annotator_id` integer NOT NULL,
	`source_table` text NOT NULL,
	`row` text NOT NULL,
	`reason` text NOT NULL,
	`archived_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identity_merge_archive_by_annotator` ON `identity_merge_archive` (`kept_annotator_id`);