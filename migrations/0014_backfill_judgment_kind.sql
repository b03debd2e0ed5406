-- Custom migration (drizzle-kit generate --custom): judgments made before 0013 take the kind of
-- their comparison, so the gold-accuracy check sees the gold answers given before the upgrade.
UPDATE `judgments` SET `kind` = (SELECT `kind` FROM `comparisons` WHERE `comparisons`.`id` = `judgments`.`comparison_id`)
WHERE `comparison_id` IN (SELECT `id` FROM `comparisons` WHERE `kind` <> 'regular');
