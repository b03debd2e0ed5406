CREATE TABLE `campaign_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`platform` text NOT NULL,
	`channel_id` text NOT NULL,
	`purpose` text DEFAULT 'labeling' NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_channels_unique` ON `campaign_channels` (`campaign_id`,`platform`,`channel_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `campaign_channels_by_channel` ON `campaign_channels` (`platform`,`channel_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`description` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_name_unique` ON `campaigns` (`name`);--> statement-breakpoint
CREATE TABLE `guideline_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guideline_versions_campaign_version` ON `guideline_versions` (`campaign_id`,`version`);--> statement-breakpoint
CREATE TABLE `comparisons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`prompt` text NOT NULL,
	`response_a` text NOT NULL,
	`response_b` text NOT NULL,
	`model_a` text,
	`model_b` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`kind` text DEFAULT 'regular' NOT NULL,
	`gold_answer` text,
	`gold_explanation` text,
	`target_overlap` integer NOT NULL,
	`active_count` integer DEFAULT 0 NOT NULL,
	`done_count` integer DEFAULT 0 NOT NULL,
	`full` integer DEFAULT false NOT NULL,
	`import_batch_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comparisons_campaign_external` ON `comparisons` (`campaign_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `comparisons_pick` ON `comparisons` (`campaign_id`,`kind`,`full`,`active_count`,`id`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`rows` integer NOT NULL,
	`report` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `annotators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`display_name` text,
	`status` text DEFAULT 'new' NOT NULL,
	`leaderboard_opt_out` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annotators_identity` ON `annotators` (`platform`,`workspace_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`comparison_id` integer NOT NULL,
	`annotator_id` integer NOT NULL,
	`kind` text NOT NULL,
	`display_order` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`shown_at` integer NOT NULL,
	`lease_ends_at` integer NOT NULL,
	`completed_at` integer,
	`message_platform` text,
	`message_channel_id` text,
	`message_id` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`annotator_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_annotator_comparison` ON `assignments` (`annotator_id`,`comparison_id`);--> statement-breakpoint
CREATE INDEX `assignments_open_by_annotator` ON `assignments` (`annotator_id`,`status`,`campaign_id`);--> statement-breakpoint
CREATE INDEX `assignments_lease` ON `assignments` (`status`,`lease_ends_at`);--> statement-breakpoint
CREATE INDEX `assignments_by_comparison` ON `assignments` (`comparison_id`);--> statement-breakpoint
CREATE TABLE `judgment_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`judgment_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`choice` text NOT NULL,
	`rationale` text,
	`confidence` integer,
	`difficulty` text,
	`flags` text NOT NULL,
	`rubric_scores` text NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`judgment_id`) REFERENCES `judgments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `judgment_history_by_judgment` ON `judgment_history` (`judgment_id`);--> statement-breakpoint
CREATE TABLE `judgments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`comparison_id` integer NOT NULL,
	`annotator_id` integer NOT NULL,
	`assignment_id` integer,
	`guideline_version_id` integer,
	`choice` text NOT NULL,
	`display_order` text,
	`time_taken_ms` integer,
	`rationale` text,
	`confidence` integer,
	`difficulty` text,
	`flags` text DEFAULT '[]' NOT NULL,
	`rubric_scores` text DEFAULT '{}' NOT NULL,
	`source` text DEFAULT 'platform' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`annotator_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`guideline_version_id`) REFERENCES `guideline_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judgments_comparison_annotator` ON `judgments` (`comparison_id`,`annotator_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `judgments_assignment` ON `judgments` (`assignment_id`);--> statement-breakpoint
CREATE INDEX `judgments_by_campaign` ON `judgments` (`campaign_id`,`id`);--> statement-breakpoint
CREATE INDEX `judgments_by_annotator` ON `judgments` (`annotator_id`,`campaign_id`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`run_key` text PRIMARY KEY NOT NULL,
	`job_name` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `channel_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`comparison_id` integer NOT NULL,
	`platform` text NOT NULL,
	`channel_id` text NOT NULL,
	`message_id` text,
	`display_order` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channel_posts_by_comparison` ON `channel_posts` (`comparison_id`);--> statement-breakpoint
CREATE INDEX `channel_posts_by_campaign` ON `channel_posts` (`campaign_id`,`status`);