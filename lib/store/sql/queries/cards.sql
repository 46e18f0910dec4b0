-- Cards given at import (lib/store/cards.c): what an import reads before
-- it gives any, and why a kept card was given.

-- name: cards_open_flags
-- Every open special-group flag, in person order.
SELECT person_id, flag FROM person_flag
WHERE until IS NULL
ORDER BY person_id;

-- name: cards_campaign_codes
SELECT id, code FROM campaign;

-- name: cards_last_answers
-- The card a person holds into an import is their last card event over
-- every campaign (a response's card or a card set by hand, in the order
-- they happened): not current_card, which is a card per campaign, the
-- highest of its latest answers.  A card that stays follows the person
-- from campaign to campaign, and the import already gave each answer at
-- least the card held before it.  First the card of each person's last
-- response, read in person order through the response index (SQLite
-- takes the other columns from the row of max()).
SELECT person_id, card, campaign_id, max(id)
FROM response
GROUP BY person_id;

-- name: cards_set_after_answers
-- Then the last card set by hand of each person that came after their
-- last response, which overrides it.
SELECT s.person_id, s.color, s.campaign_id
FROM card_set s
WHERE s.id = (SELECT max(id) FROM card_set WHERE person_id = s.person_id)
    AND s.after_response >= coalesce((SELECT max(r.id) FROM response r
        WHERE r.person_id = s.person_id), 0);

-- name: cards_held_rows
-- A row an import held whose readable answers called for a card (a
-- critical answer beside a bad cell) holds it too, unless a counsellor
-- set the card after it.
SELECT h.person_id, h.card, h.campaign_id
FROM held h
WHERE h.person_id IS NOT NULL AND h.card <> 'none' AND
    h.held_at >= coalesce((SELECT max(s.set_at) FROM card_set s
        WHERE s.person_id = h.person_id), 0)
ORDER BY h.id;

-- name: cards_why_given
-- The last time person ?1 was given colour ?2: by the answers of a
-- response or a held row, or by hand; a card kept through answers before
-- (reasons like ?3) says why it was first given.
SELECT code, reasons, answers FROM (
	SELECT c.code AS code, r.card_reasons AS reasons,
	    r.critical_note AS answers, r.imported_at AS at, r.id AS k
	FROM response r JOIN campaign c ON c.id = r.campaign_id
	WHERE r.person_id = ?1 AND r.card = ?2
	UNION ALL
	SELECT coalesce(c.code, 'card set'), s.reason, NULL, s.set_at, s.id
	FROM card_set s LEFT JOIN campaign c ON c.id = s.campaign_id
	WHERE s.person_id = ?1 AND s.color = ?2
	UNION ALL
	SELECT c.code || ', held row', h.card_reasons, h.critical_note,
	    h.held_at, h.id
	FROM held h JOIN campaign c ON c.id = h.campaign_id
	WHERE h.person_id = ?1 AND h.card = ?2)
ORDER BY coalesce(reasons, '') LIKE ?3, at DESC, k DESC
LIMIT 1;
