-- 011: which card is current, said once.  card (003), card_color (006)
-- and red_card (007) each wrote the rule out again; now current_card
-- holds it and the others are read from it and from the card set that
-- stands, with the same columns and the same rows as before.

DROP VIEW red_card;
DROP VIEW card_color;
DROP VIEW card;

-- The card set by hand that gives a person's card in a campaign: the
-- last one set for it, when it came after the last of their latest
-- answers with a card (after_response), or they have none.
CREATE VIEW card_set_standing (campaign_id, person_id, id, color, set_at)
AS
SELECT m.campaign_id, m.person_id, m.id, m.color, m.set_at
FROM card_set m
WHERE m.id = (SELECT max(id) FROM card_set
    WHERE person_id = m.person_id AND campaign_id IS m.campaign_id) AND
    m.after_response >= coalesce((SELECT max(r.id) FROM response r
    WHERE r.person_id = m.person_id AND r.campaign_id IS m.campaign_id AND
    r.latest AND r.card IS NOT NULL), m.after_response);

-- A person's card in a campaign: the card set that stands, else the
-- highest card (by card_rank) of their latest answers.  answered: 1 when
-- answers give a card (NULL when only a card set does); set_id: the card
-- set that stands.  Read from the person index of the responses alone,
-- so that counting a million cards fetches no response row: with a
-- single max() SQLite takes the card from the row of the highest rank.
CREATE VIEW current_card (campaign_id, person_id, color, answered,
    set_id) AS
WITH auto AS (
	SELECT r.campaign_id, r.person_id, r.card AS color, max(k.rank)
	FROM response r JOIN card_rank k ON k.color = r.card
	WHERE r.latest
	GROUP BY r.campaign_id, r.person_id)
SELECT a.campaign_id, a.person_id, coalesce(s.color, a.color), 1, s.id
FROM auto a LEFT JOIN card_set_standing s ON s.campaign_id = a.campaign_id
    AND s.person_id = a.person_id
UNION ALL
SELECT s.campaign_id, s.person_id, s.color, NULL, s.id
FROM card_set_standing s WHERE NOT EXISTS (SELECT 1 FROM response r
    WHERE r.person_id = s.person_id AND r.campaign_id IS s.campaign_id AND
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
-- gaps list read.  current_card's rule for the highest card_rank: red
-- when the card set that stands is red, or, when none stands, when a
-- latest answer is red.  Read from those few rows: current_card
-- filtered by colour would rank every answer of the campaign first
-- (SQLite cannot take the colour into the GROUP BY).  The day a card was
-- given is worked out last, in the outer SELECT, so that a query which
-- keeps few red cards (the gaps: those with no alert) works it out for
-- those alone.  A test keeps it equal to card's red cards.
CREATE VIEW red_card (campaign_id, person_id, at) AS
WITH red(campaign_id, person_id, set_at, answered) AS (
	SELECT s.campaign_id, s.person_id, s.set_at, 0
	FROM card_set_standing s WHERE s.color = 'red'
	UNION ALL
	SELECT r.campaign_id, r.person_id, NULL, 1
	FROM response r
	WHERE r.latest AND r.card = 'red' AND NOT EXISTS (SELECT 1
	    FROM card_set_standing s WHERE s.campaign_id = r.campaign_id AND
	    s.person_id = r.person_id)
	GROUP BY r.campaign_id, r.person_id)
SELECT k.campaign_id, k.person_id, CASE WHEN k.answered THEN
    (SELECT max(a.imported_at) FROM response a WHERE
    a.person_id = k.person_id AND a.campaign_id = k.campaign_id AND
    a.latest AND a.card IS NOT NULL) ELSE k.set_at END
FROM red k;
