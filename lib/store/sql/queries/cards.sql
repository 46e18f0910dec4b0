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
-- (reasons like ?3) says why it was first given.  ?4: a campaign being
-- re-scored, whose answers are given their cards again (NULL: none).
SELECT code, reasons, answers FROM (
	SELECT c.code AS code, r.card_reasons AS reasons,
	    r.critical_note AS answers, r.imported_at AS at, r.id AS k
	FROM response r JOIN campaign c ON c.id = r.campaign_id
	WHERE r.person_id = ?1 AND r.card = ?2 AND r.campaign_id IS NOT ?4
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

-- name: cards_rescore_last_answers
-- Re-scoring campaign ?1 gives its answers their cards again: the card a
-- person holds into it is their last card event before their first
-- answer to it, as it was when that answer was imported (cards_last_answers
-- then).  First their last response to another campaign before it.
WITH first (person_id, id) AS (
	SELECT person_id, min(id) FROM response WHERE campaign_id = ?1
	GROUP BY person_id)
SELECT r.person_id, r.card, r.campaign_id, max(r.id)
FROM first f JOIN response r ON r.person_id = f.person_id
WHERE r.campaign_id <> ?1 AND r.id < f.id
GROUP BY r.person_id;

-- name: cards_rescore_set_before
-- Then the last card set by hand before that first answer, when it came
-- after their last response before it (cards_set_after_answers then).
WITH first (person_id, id) AS (
	SELECT person_id, min(id) FROM response WHERE campaign_id = ?1
	GROUP BY person_id)
SELECT s.person_id, s.color, s.campaign_id
FROM first f JOIN card_set s ON s.person_id = f.person_id
WHERE s.id = (SELECT max(m.id) FROM card_set m
        WHERE m.person_id = f.person_id AND m.after_response < f.id)
    AND s.after_response >= coalesce((SELECT max(r.id) FROM response r
        WHERE r.person_id = f.person_id AND r.campaign_id <> ?1 AND
        r.id < f.id), 0);

-- name: cards_rescore_held_rows
-- Then the cards held rows call for (cards_held_rows), those held by the
-- time of the person's last answer to the campaign.
WITH last (person_id, at) AS (
	SELECT person_id, max(imported_at) FROM response WHERE campaign_id = ?1
	GROUP BY person_id)
SELECT h.person_id, h.card, h.campaign_id
FROM last l JOIN held h ON h.person_id = l.person_id
WHERE h.card <> 'none' AND h.held_at <= l.at AND
    h.held_at >= coalesce((SELECT max(s.set_at) FROM card_set s
        WHERE s.person_id = h.person_id), 0)
ORDER BY h.id;
