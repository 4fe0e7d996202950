ALTER TABLE `accounts` ADD `scopes_removed` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `scopes_changed_at` integer;