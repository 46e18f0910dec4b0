-- 011: which card is current, said once.  card (003), card_color (006)
-- and red_card (007) each wrote the rule out again; now current_card
-- holds it and the three are read from it, with the same columns and the
-- same rows as before.

DROP VIEW red_card;
DROP VIEW card_color;
DROP VIEW card;

-- A person's card in a campaign is the highest of their latest answers'
-- (card_rank), unless the last card set by hand for the campaign came
-- after the last of those answers (after_response), or there are none.
-- answered: 1 when answers give a card (NULL when only a card set
-- does); set_id: the card set that stands (NULL when the answers do).
-- Read from the person index of the responses alone, so that counting a
-- million cards fetches no response row; with a single max() SQLite
-- takes the card from the row of the highest rank.  Whether a card set
-- stands is asked only of the few people with one.
CREATE VIEW current_card (campaign_id, person_id, color, answered,
    set_id) AS
WITH auto AS (
	SELECT r.campaign_id, r.person_id, r.card AS color, max(k.rank)
	FROM response r JOIN card_rank k ON k.color = r.card
	WHERE r.latest
	GROUP BY r.campaign_id, r.person_id),
manual AS (
	SELECT campaign_id, person_id, color, after_response, max(id) AS id
	FROM card_set GROUP BY campaign_id, person_id)
SELECT a.campaign_id, a.person_id, coalesce(m.color, a.color), 1, m.id
FROM auto a LEFT JOIN manual m ON m.campaign_id = a.campaign_id AND
    m.person_id = a.person_id AND m.after_response >= (SELECT max(r.id)
    FROM response r WHERE r.person_id = a.person_id AND
    r.campaign_id = a.campaign_id AND r.latest AND r.card IS NOT NULL)
UNION ALL
SELECT m.campaign_id, m.person_id, m.color, NULL, m.id
FROM manual m WHERE NOT EXISTS (SELECT 1 FROM response r WHERE
    r.person_id = m.person_id AND r.campaign_id IS m.campaign_id AND
    r.latest AND r.card IS NOT NULL);

-- The colours alone: what counts per unit and the trend read.
CREATE VIEW card_color (campaign_id, person_id, color) AS
SELECT campaign_id, person_id, color FROM current_card;

-- Every person's card in every campaign they have one in: colour,
-- reasons, whether the policy or a person (set_by) gave it, and when.
-- The reasons are those of the answers that gave the colour; the
-- critical answers those of every latest answer.
CREATE VIEW card (campaign_id, person_id, color, reasons, critical,
    source, set_by, at) AS
SELECT c.campaign_id, c.person_id, c.color,
    CASE WHEN s.id IS NOT NULL THEN s.reason
    ELSE (SELECT group_concat(r.card_reasons, '; ') FROM response r
        WHERE r.person_id = c.person_id AND r.campaign_id = c.campaign_id
        AND r.latest AND r.card_reasons IS NOT NULL AND
        coalesce(r.card, 'none') = c.color) END,
    CASE WHEN c.answered THEN
        (SELECT group_concat(r.critical_note, '; ') FROM response r
        WHERE r.person_id = c.person_id AND r.campaign_id = c.campaign_id
        AND r.latest AND r.critical_note IS NOT NULL) END,
    CASE WHEN s.id IS NOT NULL THEN 'manual' ELSE 'policy' END,
    s.set_by,
    CASE WHEN s.id IS NOT NULL THEN s.set_at
    ELSE (SELECT max(r.imported_at) FROM response r
        WHERE r.person_id = c.person_id AND r.campaign_id = c.campaign_id
        AND r.latest AND r.card IS NOT NULL) END
FROM current_card c LEFT JOIN card_set s ON s.id = c.set_id;

-- The red cards, with when each was given: what the follow-ups and the
-- gaps list read.
CREATE VIEW red_card (campaign_id, person_id, at) AS
SELECT campaign_id, person_id, at FROM card WHERE color = 'red';
