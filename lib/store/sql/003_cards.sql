-- 003: cards (红黄蓝卡).  Each response carries the card the policy gave
-- it (special groups and a card already held included), so that an
-- import writes no row more than it must; a person's card in a campaign
-- is the highest of their latest responses', unless a counsellor set it
-- by hand afterwards (card_set).

ALTER TABLE response ADD COLUMN card TEXT CHECK (card IS NULL OR
	card = 'red' OR card = 'yellow' OR card = 'blue' OR card = 'none');
ALTER TABLE response ADD COLUMN card_reasons TEXT;
-- The instrument file that gave the scores and the policy file that gave
-- the cards, by their SHA-256, once per imported file rather than on
-- each of a million responses: a file is imported with one of each.
ALTER TABLE response_file ADD COLUMN sha256 TEXT;
ALTER TABLE response_file ADD COLUMN policy TEXT;
UPDATE response_file SET sha256 = (SELECT r.sha256 FROM response r
	WHERE r.file_id = response_file.id LIMIT 1);
ALTER TABLE response DROP COLUMN sha256;

-- A card set by hand, with who and why; it stands for the campaign until
-- a later response of the person is imported (after_response orders the
-- two: the largest response id when it was set).
CREATE TABLE card_set (
	id             INTEGER PRIMARY KEY,
	person_id      INTEGER NOT NULL REFERENCES person(id),
	campaign_id    INTEGER REFERENCES campaign(id),
	color          TEXT NOT NULL CHECK (color = 'red' OR
	                   color = 'yellow' OR color = 'blue' OR color = 'none'),
	reason         TEXT NOT NULL,
	set_by         TEXT NOT NULL,
	after_response INTEGER NOT NULL,
	set_at         INTEGER NOT NULL	-- seconds since the epoch
);
CREATE INDEX card_set_person ON card_set(person_id, campaign_id);

-- Every person's card in every campaign they have one in: colour,
-- reasons, whether the policy or a person (set_by) gave it, and when.
CREATE VIEW card (campaign_id, person_id, color, reasons, critical,
    source, set_by, at) AS
WITH ranked AS (
	SELECT campaign_id, person_id, id, imported_at,
	    CASE card WHEN 'red' THEN 3 WHEN 'yellow' THEN 2
	    WHEN 'blue' THEN 1 ELSE 0 END AS rank
	FROM response WHERE latest AND card IS NOT NULL),
auto AS (
	SELECT campaign_id, person_id, max(rank) AS rank, max(id) AS last,
	    max(imported_at) AS at
	FROM ranked GROUP BY campaign_id, person_id),
manual AS (
	SELECT campaign_id, person_id, color, reason, set_by, after_response,
	    set_at, max(id)
	FROM card_set GROUP BY campaign_id, person_id)
SELECT a.campaign_id, a.person_id,
    CASE WHEN m.after_response >= a.last THEN m.color
    ELSE CASE a.rank WHEN 3 THEN 'red' WHEN 2 THEN 'yellow'
    WHEN 1 THEN 'blue' ELSE 'none' END END,
    CASE WHEN m.after_response >= a.last THEN m.reason
    ELSE (SELECT group_concat(r.card_reasons, '; ') FROM response r
        WHERE r.person_id = a.person_id AND r.campaign_id = a.campaign_id
        AND r.latest AND r.card_reasons IS NOT NULL AND
        CASE r.card WHEN 'red' THEN 3 WHEN 'yellow' THEN 2
        WHEN 'blue' THEN 1 ELSE 0 END = a.rank) END,
    (SELECT group_concat(r.critical_note, '; ') FROM response r
        WHERE r.person_id = a.person_id AND r.campaign_id = a.campaign_id
        AND r.latest AND r.critical_note IS NOT NULL),
    CASE WHEN m.after_response >= a.last THEN 'manual' ELSE 'policy' END,
    CASE WHEN m.after_response >= a.last THEN m.set_by END,
    CASE WHEN m.after_response >= a.last THEN m.set_at ELSE a.at END
FROM auto a LEFT JOIN manual m ON m.campaign_id = a.campaign_id AND
    m.person_id = a.person_id
UNION ALL
SELECT m.campaign_id, m.person_id, m.color, m.reason, NULL, 'manual',
    m.set_by, m.set_at
FROM manual m WHERE NOT EXISTS (SELECT 1 FROM response r WHERE
    r.person_id = m.person_id AND r.campaign_id IS m.campaign_id AND
    r.latest AND r.card IS NOT NULL);
