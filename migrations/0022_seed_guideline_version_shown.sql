-- Annotators who labeled before guideline news existed: the newest guideline version they judged
-- under counts as the one they were shown, so a newer version is announced on their next card.
INSERT INTO `annotator_campaign_notes` (`annotator_id`, `campaign_id`, `guideline_version_shown`)
SELECT j.`annotator_id`, j.`campaign_id`, max(g.`version`)
FROM `judgments` j JOIN `guideline_versions` g ON g.`id` = j.`guideline_version_id`
GROUP BY j.`annotator_id`, j.`campaign_id`;
