DROP INDEX `comparisons_pick`;--> statement-breakpoint
CREATE INDEX `comparisons_pick_v2` ON `comparisons` (`campaign_id`,`kind`,`full`,"active_count" desc,`id`);