-- Anonymous polls closed before this version kept their voter hashes and the key that makes them:
-- with both, whoever holds the database can test whether a given person voted. A closed poll
-- takes no more votes, so neither is needed; the tallies stay.
DELETE FROM `poll_voters` WHERE `poll_id` IN (SELECT `id` FROM `polls` WHERE `anonymous` = 1 AND `status` = 'closed');
--> statement-breakpoint
UPDATE `polls` SET `salt` = NULL WHERE `anonymous` = 1 AND `status` = 'closed';
