CREATE TABLE `ai_verdicts` (
	`judgment_id` integer PRIMARY KEY NOT NULL,
	`run_id` integer,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`orders_agree` integer NOT NULL,
	`confidence` real NOT NULL,
	`route` text NOT NULL,
	`target_before` integer NOT NULL,
	`target_after` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`judgment_id`) REFERENCES `judgments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `prescore_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `judge_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`comparison_id` integer NOT NULL,
	`judge_id` integer NOT NULL,
	`run_id` integer,
	`display_order` text NOT NULL,
	`choice` text NOT NULL,
	`probability` real,
	`explanation` text,
	`rubric_scores` text DEFAULT '{}' NOT NULL,
	`raw` text NOT NULL,
	`via` text NOT NULL,
	`structured` integer NOT NULL,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`latency_ms` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`judge_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `prescore_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judge_answers_pair_order` ON `judge_answers` (`comparison_id`,`judge_id`,`display_order`);--> statement-breakpoint
CREATE TABLE `prescore_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`judge_id` integer NOT NULL,
	`status` text NOT NULL,
	`owner` text NOT NULL,
	`requested_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`finished_at` integer,
	`planned` integer DEFAULT 0 NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`retries` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`note` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`judge_id`) REFERENCES `annotators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prescore_runs_by_campaign` ON `prescore_runs` (`campaign_id`,`status`);--> statement-breakpoint
ALTER TABLE `judgments` ADD `ai_shown` text;