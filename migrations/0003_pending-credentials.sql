CREATE TABLE `pending_credentials` (
	`account_id` text PRIMARY KEY NOT NULL,
	`sealed_credential` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
