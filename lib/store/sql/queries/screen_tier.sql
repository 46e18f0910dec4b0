-- Tiered screening (lib/screen/screen_tier.c): follow-on campaigns, the
-- people a condition holds for, card rules across instruments, and the
-- follow-on's cards over the first campaign's.

-- name: screen_tier_campaign
-- Campaign ?1 by code: id, the campaign it follows (0: none), its
-- condition, kind.
SELECT id, coalesce(after_id, 0), coalesce(condition, ''),
    coalesce(kind, '')
FROM campaign WHERE code = ?1;

-- name: screen_tier_link
-- Makes campaign ?1 follow ?2 on condition ?3, for the units of ?2.
UPDATE campaign SET after_id = ?2, condition = ?3 WHERE id = ?1;

-- name: screen_tier_copy_units
INSERT OR IGNORE INTO campaign_unit (campaign_id, unit_id)
SELECT ?1, unit_id FROM campaign_unit WHERE campaign_id = ?2;

-- name: screen_tier_has_instrument
SELECT EXISTS (SELECT 1 FROM campaign_instrument
    WHERE campaign_id = ?1 AND instrument = ?2);

-- name: screen_tier_scores
-- The numbers of the latest answers to campaign ?1, in person order:
-- person, instrument, scale, value (a scale not scored is not there).
SELECT r.person_id, r.instrument, j.key, j.value
FROM response r, json_each(r.scores) j
WHERE r.campaign_id = ?1 AND r.latest AND j.type IN ('integer', 'real')
ORDER BY r.person_id;

-- name: screen_tier_card
-- Person ?2's card in campaign ?1, as every report reads it.
SELECT color FROM card_color WHERE campaign_id = ?1 AND person_id = ?2;

-- name: screen_tier_add_person
INSERT INTO campaign_person (campaign_id, person_id, added_at)
VALUES (?1, ?2, ?3)
ON CONFLICT DO NOTHING;

-- name: screen_tier_people
SELECT count(*) FROM campaign_person WHERE campaign_id = ?1;
