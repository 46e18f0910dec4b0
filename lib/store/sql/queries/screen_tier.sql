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

-- name: screen_tier_after
-- The campaign campaign ?1 follows, or 0.
SELECT coalesce(after_id, 0) FROM campaign WHERE id = ?1;

-- name: screen_tier_file_people
-- The people file ?1 gave a latest answer for, and that answer.
SELECT person_id, id FROM response WHERE file_id = ?1 AND latest
ORDER BY person_id;

-- name: screen_tier_restore
-- Person ?2's latest answers in campaign ?1 take back the cards they gave
-- alone, before the rules on their answers together are asked again.
UPDATE response SET card = alone_card, card_reasons = alone_reasons,
    alone_card = NULL, alone_reasons = NULL
WHERE campaign_id = ?1 AND person_id = ?2 AND latest AND
    alone_card IS NOT NULL;

-- name: screen_tier_person_scores
-- Person ?2's latest scores in campaign ?1: instrument, key, value.
SELECT r.instrument, j.key, j.value
FROM response r, json_each(r.scores) j
WHERE r.campaign_id = ?1 AND r.person_id = ?2 AND r.latest;

-- name: screen_tier_response_card
SELECT coalesce(card, 'none') FROM response WHERE id = ?1;

-- name: screen_tier_raise
-- Response ?1 gets card ?2 for reasons ?3 from the rules on the
-- person's answers together; what it gave alone is kept.
UPDATE response SET alone_card = coalesce(alone_card, card),
    alone_reasons = CASE WHEN alone_card IS NULL THEN card_reasons
    ELSE alone_reasons END,
    card = ?2, card_reasons = ?3
WHERE id = ?1;

-- name: screen_tier_covers
SELECT EXISTS (SELECT 1 FROM campaign_person
    WHERE campaign_id = ?1 AND person_id = ?2);

-- name: screen_tier_card_of
-- Person ?2's card in campaign ?1 and its reasons, as card shows them.
SELECT color, coalesce(reasons, '') FROM card
WHERE campaign_id = ?1 AND person_id = ?2;

-- name: screen_tier_hand_set
-- Whether a card a counsellor set stands for person ?2 in campaign ?1
-- (one a follow-on gave is set by 'follow-on CODE').
SELECT EXISTS (SELECT 1 FROM card_set_standing s
    JOIN card_set m ON m.id = s.id
    WHERE s.campaign_id = ?1 AND s.person_id = ?2 AND
    m.set_by NOT LIKE 'follow-on %');

-- name: screen_tier_supersede
-- Person ?1's card in campaign ?2 becomes ?3 (reason ?4), given by the
-- follow-on (?5: 'follow-on CODE'), after every answer so far.
INSERT INTO card_set (person_id, campaign_id, color, reason, set_by,
	after_response, set_at)
VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(id), 0) FROM response),
	?6);

-- name: screen_tier_code
SELECT code FROM campaign WHERE id = ?1;

-- name: screen_tier_person_no
SELECT person_no FROM person WHERE id = ?1;
