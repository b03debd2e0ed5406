DROP INDEX `assignments_open_lease`;--> statement-breakpoint
DROP INDEX `judgments_assignment`;--> statement-breakpoint
DROP INDEX `judgments_by_campaign`;