-- Custom migration (drizzle-kit generate --custom): one Discord user is one annotator.
--
-- Annotators used to be keyed by (platform, workspace, user), so the same Discord user in two
-- servers, or in a DM, was several annotators: a suspended person voted again, and "never the same
-- item twice" broke. Discord user ids are global, so Discord annotators are now keyed by user alone
-- (workspace_id '*', see src/domain/annotator-identity.ts). This merges the split identities:
--
-- * The person keeps their earliest annotator row; every judgment, assignment, gold check due,
--   calibration round entry, weekly figure and peer review of the other rows moves to it.
-- * When two identities of the person both judged the same item, the earliest answer (by time,
--   then id) is the person's judgment. The later one is copied whole into identity_merge_archive,
--   with its revision history, anomaly flags and peer reviews, and then removed, so the item counts
--   one judgment of this person and gets another person's judgment instead.
-- * When both hold an assignment of the same item, the one behind the kept judgment stays (else the
--   one shown first); the other is archived and removed, and its slot given back to the item.
-- * Rows that clash on a unique key elsewhere (a gold check due, a round entry, a week's figures)
--   keep the earliest or the kept identity's one; the others are archived.
-- * The merged row takes the most restrictive status (suspended, then needs_calibration, then
--   qualified, then new), the latest calibration, and a leaderboard opt-out if any row had one.
-- * The merged-away annotator rows are archived, then removed.
CREATE TEMP TABLE `merge_person` AS
  SELECT a.`id` AS annotator_id, k.keep_id AS person_id
  FROM `annotators` a
  JOIN (SELECT `user_id`, min(`id`) AS keep_id FROM `annotators` WHERE `platform` = 'discord' GROUP BY `user_id` HAVING count(*) > 1) k ON k.`user_id` = a.`user_id`
  WHERE a.`platform` = 'discord';
--> statement-breakpoint
CREATE TEMP TABLE `merge_dropped_judgments` AS
  SELECT id FROM (
    SELECT j.`id` AS id, row_number() OVER (PARTITION BY p.person_id, j.`comparison_id` ORDER BY j.`created_at`, j.`id`) AS rn
    FROM `judgments` j JOIN `merge_person` p ON p.annotator_id = j.`annotator_id`
  ) WHERE rn > 1;
--> statement-breakpoint
CREATE TEMP TABLE `merge_dropped_assignments` AS
  SELECT id FROM (
    SELECT s.`id` AS id, row_number() OVER (
      PARTITION BY p.person_id, s.`comparison_id`
      ORDER BY EXISTS (SELECT 1 FROM `judgments` j WHERE j.`assignment_id` = s.`id` AND j.`id` NOT IN (SELECT id FROM `merge_dropped_judgments`)) DESC,
               EXISTS (SELECT 1 FROM `judgments` j WHERE j.`assignment_id` = s.`id` AND j.`id` IN (SELECT id FROM `merge_dropped_judgments`)),
               s.`shown_at`, s.`id`
    ) AS rn
    FROM `assignments` s JOIN `merge_person` p ON p.annotator_id = s.`annotator_id`
  ) WHERE rn > 1;
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'judgments', json_object(
      'id', j.`id`, 'campaign_id', j.`campaign_id`, 'comparison_id', j.`comparison_id`, 'annotator_id', j.`annotator_id`, 'workspace_id', a.`workspace_id`,
      'assignment_id', j.`assignment_id`, 'guideline_version_id', j.`guideline_version_id`, 'choice', j.`choice`, 'kind', j.`kind`,
      'display_order', j.`display_order`, 'time_taken_ms', j.`time_taken_ms`, 'rationale', j.`rationale`, 'confidence', j.`confidence`,
      'difficulty', j.`difficulty`, 'flags', json(j.`flags`), 'rubric_scores', json(j.`rubric_scores`), 'source', j.`source`, 'revision', j.`revision`,
      'created_at', j.`created_at`, 'updated_at', j.`updated_at`,
      'history', (SELECT json_group_array(json_object('revision', h.`revision`, 'choice', h.`choice`, 'rationale', h.`rationale`, 'confidence', h.`confidence`,
                    'difficulty', h.`difficulty`, 'flags', json(h.`flags`), 'rubric_scores', json(h.`rubric_scores`), 'changed_at', h.`changed_at`))
                  FROM `judgment_history` h WHERE h.`judgment_id` = j.`id`),
      'anomaly_flags', (SELECT json_group_array(json_object('kind', f.`kind`, 'detail', f.`detail`, 'created_at', f.`created_at`)) FROM `judgment_flags` f WHERE f.`judgment_id` = j.`id`),
      'peer_reviews', (SELECT json_group_array(json_object('id', r.`id`, 'reviewer_id', r.`reviewer_id`, 'status', r.`status`, 'reason', r.`reason`, 'note', r.`note`, 'reviewed_at', r.`reviewed_at`))
                       FROM `peer_reviews` r WHERE r.`judgment_id` = j.`id`)),
    'a later answer to an item the same Discord user had already answered from another server or a DM; the earliest answer is theirs',
    unixepoch() * 1000
  FROM `judgments` j JOIN `merge_person` p ON p.annotator_id = j.`annotator_id` JOIN `annotators` a ON a.`id` = j.`annotator_id`
  WHERE j.`id` IN (SELECT id FROM `merge_dropped_judgments`);
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'assignments', json_object(
      'id', s.`id`, 'campaign_id', s.`campaign_id`, 'comparison_id', s.`comparison_id`, 'annotator_id', s.`annotator_id`, 'kind', s.`kind`,
      'display_order', s.`display_order`, 'status', s.`status`, 'shown_at', s.`shown_at`, 'lease_ends_at', s.`lease_ends_at`, 'completed_at', s.`completed_at`,
      'message_platform', s.`message_platform`, 'message_channel_id', s.`message_channel_id`, 'message_id', s.`message_id`),
    'a second assignment of an item the same Discord user already held from another server or a DM',
    unixepoch() * 1000
  FROM `assignments` s JOIN `merge_person` p ON p.annotator_id = s.`annotator_id`
  WHERE s.`id` IN (SELECT id FROM `merge_dropped_assignments`);
--> statement-breakpoint
CREATE TEMP TABLE `merge_touched_items` AS
  SELECT `comparison_id` AS id FROM `judgments` WHERE `id` IN (SELECT id FROM `merge_dropped_judgments`)
  UNION SELECT `comparison_id` FROM `assignments` WHERE `id` IN (SELECT id FROM `merge_dropped_assignments`);
--> statement-breakpoint
UPDATE `comparisons` SET
  `done_count` = `done_count` - (SELECT count(*) FROM `judgments` j WHERE j.`comparison_id` = `comparisons`.`id` AND j.`id` IN (SELECT id FROM `merge_dropped_judgments`)),
  `active_count` = `active_count` - (SELECT count(*) FROM `assignments` s WHERE s.`comparison_id` = `comparisons`.`id` AND s.`status` IN ('open', 'done') AND s.`id` IN (SELECT id FROM `merge_dropped_assignments`))
WHERE `id` IN (SELECT id FROM `merge_touched_items`);
--> statement-breakpoint
UPDATE `comparisons` SET `full` = CASE WHEN `kind` = 'regular' AND `active_count` >= `target_overlap` THEN 1 ELSE 0 END WHERE `id` IN (SELECT id FROM `merge_touched_items`);
--> statement-breakpoint
DELETE FROM `peer_reviews` WHERE `judgment_id` IN (SELECT id FROM `merge_dropped_judgments`);
--> statement-breakpoint
DELETE FROM `judgments` WHERE `id` IN (SELECT id FROM `merge_dropped_judgments`);
--> statement-breakpoint
DELETE FROM `assignments` WHERE `id` IN (SELECT id FROM `merge_dropped_assignments`);
--> statement-breakpoint
CREATE TEMP TABLE `merge_dropped_gold_due` AS
  SELECT rid FROM (SELECT g.rowid AS rid, row_number() OVER (PARTITION BY p.person_id, g.`campaign_id` ORDER BY g.`due_since`, g.rowid) AS rn
                   FROM `gold_due` g JOIN `merge_person` p ON p.annotator_id = g.`annotator_id`) WHERE rn > 1;
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'gold_due', json_object('campaign_id', g.`campaign_id`, 'annotator_id', g.`annotator_id`, 'due_since', g.`due_since`),
    'the same Discord user owed a gold check twice; the earliest is kept', unixepoch() * 1000
  FROM `gold_due` g JOIN `merge_person` p ON p.annotator_id = g.`annotator_id` WHERE g.rowid IN (SELECT rid FROM `merge_dropped_gold_due`);
--> statement-breakpoint
DELETE FROM `gold_due` WHERE rowid IN (SELECT rid FROM `merge_dropped_gold_due`);
--> statement-breakpoint
CREATE TEMP TABLE `merge_dropped_round_entries` AS
  SELECT rid FROM (SELECT r.rowid AS rid, row_number() OVER (PARTITION BY p.person_id, r.`round_id` ORDER BY r.`started_at` IS NULL, r.`started_at`, r.rowid) AS rn
                   FROM `round_participants` r JOIN `merge_person` p ON p.annotator_id = r.`annotator_id`) WHERE rn > 1;
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'round_participants', json_object('round_id', r.`round_id`, 'annotator_id', r.`annotator_id`, 'started_at', r.`started_at`,
      'finished_at', r.`finished_at`, 'kappa', r.`kappa`, 'accuracy', r.`accuracy`, 'passed', r.`passed`),
    'the same Discord user joined a calibration round twice; the first entry is kept', unixepoch() * 1000
  FROM `round_participants` r JOIN `merge_person` p ON p.annotator_id = r.`annotator_id` WHERE r.rowid IN (SELECT rid FROM `merge_dropped_round_entries`);
--> statement-breakpoint
DELETE FROM `round_participants` WHERE rowid IN (SELECT rid FROM `merge_dropped_round_entries`);
--> statement-breakpoint
CREATE TEMP TABLE `merge_dropped_weeks` AS
  SELECT rid FROM (SELECT w.rowid AS rid, row_number() OVER (PARTITION BY p.person_id, w.`campaign_id`, w.`week_start` ORDER BY w.`annotator_id` <> p.person_id, w.`judgments` DESC, w.rowid) AS rn
                   FROM `annotator_weekly` w JOIN `merge_person` p ON p.annotator_id = w.`annotator_id`) WHERE rn > 1;
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'annotator_weekly', json_object('campaign_id', w.`campaign_id`, 'annotator_id', w.`annotator_id`, 'week_start', w.`week_start`,
      'judgments', w.`judgments`, 'agreement', w.`agreement`, 'gold_answered', w.`gold_answered`, 'gold_accuracy', w.`gold_accuracy`),
    'weekly figures of one of the same Discord user''s identities; the kept identity''s week is kept', unixepoch() * 1000
  FROM `annotator_weekly` w JOIN `merge_person` p ON p.annotator_id = w.`annotator_id` WHERE w.rowid IN (SELECT rid FROM `merge_dropped_weeks`);
--> statement-breakpoint
DELETE FROM `annotator_weekly` WHERE rowid IN (SELECT rid FROM `merge_dropped_weeks`);
--> statement-breakpoint
UPDATE `judgments` SET `annotator_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `judgments`.`annotator_id`)
  WHERE `annotator_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `assignments` SET `annotator_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `assignments`.`annotator_id`)
  WHERE `annotator_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `gold_due` SET `annotator_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `gold_due`.`annotator_id`)
  WHERE `annotator_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `round_participants` SET `annotator_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `round_participants`.`annotator_id`)
  WHERE `annotator_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `annotator_weekly` SET `annotator_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `annotator_weekly`.`annotator_id`)
  WHERE `annotator_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `peer_reviews` SET `reviewer_id` = (SELECT person_id FROM `merge_person` WHERE annotator_id = `peer_reviews`.`reviewer_id`)
  WHERE `reviewer_id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `annotators` SET
  `status` = (SELECT CASE max(CASE a2.`status` WHEN 'suspended' THEN 4 WHEN 'needs_calibration' THEN 3 WHEN 'qualified' THEN 2 ELSE 1 END)
                WHEN 4 THEN 'suspended' WHEN 3 THEN 'needs_calibration' WHEN 2 THEN 'qualified' ELSE 'new' END
              FROM `annotators` a2 JOIN `merge_person` p2 ON p2.annotator_id = a2.`id` WHERE p2.person_id = `annotators`.`id`),
  `leaderboard_opt_out` = (SELECT max(a2.`leaderboard_opt_out`) FROM `annotators` a2 JOIN `merge_person` p2 ON p2.annotator_id = a2.`id` WHERE p2.person_id = `annotators`.`id`),
  `calibrated_at` = (SELECT max(a2.`calibrated_at`) FROM `annotators` a2 JOIN `merge_person` p2 ON p2.annotator_id = a2.`id` WHERE p2.person_id = `annotators`.`id`),
  `display_name` = coalesce((SELECT a2.`display_name` FROM `annotators` a2 JOIN `merge_person` p2 ON p2.annotator_id = a2.`id`
                             WHERE p2.person_id = `annotators`.`id` AND a2.`display_name` IS NOT NULL ORDER BY a2.`id` DESC LIMIT 1), `display_name`)
WHERE `id` IN (SELECT person_id FROM `merge_person`);
--> statement-breakpoint
INSERT INTO `identity_merge_archive` (`kept_annotator_id`, `source_table`, `row`, `reason`, `archived_at`)
  SELECT p.person_id, 'annotators', json_object('id', a.`id`, 'platform', a.`platform`, 'workspace_id', a.`workspace_id`, 'user_id', a.`user_id`,
      'display_name', a.`display_name`, 'status', a.`status`, 'leaderboard_opt_out', a.`leaderboard_opt_out`, 'created_at', a.`created_at`, 'calibrated_at', a.`calibrated_at`),
    'another identity of the same Discord user (another server or a DM), merged into the kept annotator', unixepoch() * 1000
  FROM `annotators` a JOIN `merge_person` p ON p.annotator_id = a.`id` WHERE p.annotator_id <> p.person_id;
--> statement-breakpoint
DELETE FROM `annotators` WHERE `id` IN (SELECT annotator_id FROM `merge_person` WHERE annotator_id <> person_id);
--> statement-breakpoint
UPDATE `annotators` SET `workspace_id` = '*' WHERE `platform` = 'discord';
--> statement-breakpoint
DROP TABLE `merge_person`;
--> statement-breakpoint
DROP TABLE `merge_dropped_judgments`;
--> statement-breakpoint
DROP TABLE `merge_dropped_assignments`;
--> statement-breakpoint
DROP TABLE `merge_touched_items`;
--> statement-breakpoint
DROP TABLE `merge_dropped_gold_due`;
--> statement-breakpoint
DROP TABLE `merge_dropped_round_entries`;
--> statement-breakpoint
DROP TABLE `merge_dropped_weeks`;
