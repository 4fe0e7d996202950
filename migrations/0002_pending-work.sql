CREATE TABLE `pending_work` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`provider` text,
	`sync_tag` text,
	`sealed` blob,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
