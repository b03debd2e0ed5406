ALTER TABLE `import_batches` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `owner_pid` integer;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `first_comparison_id` integer;