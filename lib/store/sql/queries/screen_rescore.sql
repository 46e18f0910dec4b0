-- Named queries of ph-screen rescore (lib/screen/screen_rescore.c): a
-- campaign's stored answers given their scores and cards again.

-- name: screen_rescore_table
-- What a re-score would change, a row per answer whose scores or card
-- come out otherwise than stored; the database itself is written only
-- from it, at the end, so a dry run (read only) computes the same.
CREATE TEMP TABLE IF NOT EXISTS rescored (
	id            INTEGER PRIMARY KEY,	-- response.id
	person_id     INTEGER NOT NULL,
	scores        TEXT NOT NULL,
	critical      TEXT,
	critical_note TEXT,
	missing       INTEGER NOT NULL,
	valid         INTEGER NOT NULL,
	reason        TEXT,
	card          TEXT NOT NULL,
	card_reasons  TEXT
);

-- name: screen_rescore_clear
DELETE FROM temp.rescored;

-- name: screen_rescore_query_only
-- A dry run's connection back to reading only, for its other readers
-- (after screen_rescore_temp_writes).  SQLite applies these two when they
-- are prepared: in this order, a test that prepares every query is left
-- able to write.
PRAGMA query_only = ON;

-- name: screen_rescore_temp_writes
-- A dry run opens the file read only (SQLITE_OPEN_READONLY: nothing can
-- write it), and writes its own temporary table, which the read-only
-- connection's query_only would refuse.
PRAGMA query_only = OFF;

-- name: screen_rescore_read
-- A dry run's reads, one snapshot (a writer uses BEGIN IMMEDIATE).
BEGIN DEFERRED;

-- name: screen_rescore_responses
-- Every answer of campaign ?1 in the order they came (sticky cards are
-- held from an answer into the person's later ones), with the card it
-- gave alone (before a rule on the person's answers together raised it,
-- which is asked again after).
SELECT id, person_id, instrument, file_id, line, raw, scores, critical,
	critical_note, missing, valid, reason, coalesce(alone_card, card),
	CASE WHEN alone_card IS NULL THEN card_reasons ELSE alone_reasons END,
	latest, alone_card IS NOT NULL
FROM response
WHERE campaign_id = ?1
ORDER BY id;

-- name: screen_rescore_person
-- The same for one person ?2 (--explain), through the person index.
SELECT id, person_id, instrument, file_id, line, raw, scores, critical,
	critical_note, missing, valid, reason, coalesce(alone_card, card),
	CASE WHEN alone_card IS NULL THEN card_reasons ELSE alone_reasons END, latest,
	alone_card IS NOT NULL
FROM response
WHERE person_id = ?2 AND campaign_id = ?1
ORDER BY id;

-- name: screen_rescore_file
SELECT name, header, coalesce(sha256, ''), coalesce(policy, '')
FROM response_file
WHERE id = ?1;

-- name: screen_rescore_changed
INSERT INTO temp.rescored (id, person_id, scores, critical, critical_note,
	missing, valid, reason, card, card_reasons)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);

-- name: screen_rescore_diff
-- The people whose card by the policy changes: their number and name,
-- the card before and after, the card set by hand that stands (it stays
-- the card), the reasons of the answers that give the new card, and
-- those answers' scores and critical answers.  Only the people with a
-- changed answer are looked at.
WITH touched (person_id) AS (
	SELECT DISTINCT person_id FROM temp.rescored),
cards (person_id, was, now) AS (
	SELECT t.person_id, max(ko.rank), max(kn.rank)
	FROM touched t
	JOIN response r ON r.person_id = t.person_id AND r.campaign_id = ?1
	LEFT JOIN temp.rescored n ON n.id = r.id
	JOIN card_rank ko ON ko.color = coalesce(r.alone_card, r.card)
	JOIN card_rank kn ON kn.color = coalesce(n.card, r.alone_card, r.card)
	WHERE r.latest
	GROUP BY t.person_id)
SELECT p.person_no, p.name, ko.color, kn.color, coalesce(s.color, ''),
	(SELECT group_concat(CASE WHEN n.id IS NOT NULL THEN n.card_reasons
	    WHEN r.alone_card IS NOT NULL THEN r.alone_reasons
	    ELSE r.card_reasons END, '; ')
	FROM response r LEFT JOIN temp.rescored n ON n.id = r.id
	WHERE r.person_id = c.person_id AND r.campaign_id = ?1 AND r.latest
	    AND coalesce(n.card, r.alone_card, r.card) = kn.color),
	(SELECT group_concat(r.instrument || ' ' ||
	    coalesce(n.scores, r.scores) || coalesce(' ' ||
	    CASE WHEN n.id IS NULL THEN r.critical_note
	    ELSE n.critical_note END, ''), '; ')
	FROM response r LEFT JOIN temp.rescored n ON n.id = r.id
	WHERE r.person_id = c.person_id AND r.campaign_id = ?1 AND r.latest
	    AND coalesce(n.card, r.alone_card, r.card) = kn.color)
FROM cards c
JOIN person p ON p.id = c.person_id
JOIN card_rank ko ON ko.rank = c.was
JOIN card_rank kn ON kn.rank = c.now
LEFT JOIN card_set_standing s ON s.campaign_id = ?1 AND
    s.person_id = c.person_id
WHERE c.was <> c.now
ORDER BY c.now DESC, c.was, p.person_no;

-- name: screen_rescore_update
-- The answers given again, in place: the same rows, ids and lines, so a
-- card set by hand after them stands as before.
UPDATE response
SET scores = n.scores, critical = n.critical,
	critical_note = n.critical_note, missing = n.missing, valid = n.valid,
	reason = n.reason, card = n.card, card_reasons = n.card_reasons,
	alone_card = NULL, alone_reasons = NULL
FROM temp.rescored n
WHERE response.id = n.id;

-- name: screen_rescore_file_rules
-- A file's answers now follow instrument file ?2 and policy file ?3.
UPDATE response_file
SET sha256 = ?2, policy = ?3
WHERE id = ?1 AND (sha256 IS NOT ?2 OR policy IS NOT ?3);

-- name: screen_rescore_counts
-- The cards of campaign ?1 as a re-score gives them: each person's
-- highest of their latest answers, or the card set by hand that stands.
WITH cards (person_id, rank) AS (
	SELECT r.person_id, max(k.rank)
	FROM response r
	LEFT JOIN temp.rescored n ON n.id = r.id
	JOIN card_rank k ON k.color = coalesce(n.card, r.alone_card, r.card)
	WHERE r.campaign_id = ?1 AND r.latest
	GROUP BY r.person_id)
SELECT coalesce(s.color, k.color), count(*)
FROM cards c
JOIN card_rank k ON k.rank = c.rank
LEFT JOIN card_set_standing s ON s.campaign_id = ?1 AND
    s.person_id = c.person_id
GROUP BY 1
UNION ALL
SELECT s.color, count(*)
FROM card_set_standing s
WHERE s.campaign_id = ?1 AND NOT EXISTS (SELECT 1 FROM response r
    WHERE r.person_id = s.person_id AND r.campaign_id = ?1 AND r.latest)
GROUP BY 1;

-- name: screen_rescore_person_id
SELECT id FROM person WHERE person_no = ?1;

-- name: screen_rescore_standing
-- Person ?2's card set by hand in campaign ?1, and whether it stands.
SELECT s.color, s.set_by, s.reason,
	EXISTS (SELECT 1 FROM card_set_standing t WHERE t.id = s.id)
FROM card_set s
WHERE s.person_id = ?2 AND s.campaign_id = ?1
ORDER BY s.id DESC
LIMIT 1;

-- name: screen_rescore_alone
-- Campaign ?1's answers take back the cards they give alone, before the
-- rules on a person's answers together (if the policy still has any)
-- are asked again.
UPDATE response SET card = alone_card, card_reasons = alone_reasons,
    alone_card = NULL, alone_reasons = NULL
WHERE campaign_id = ?1 AND alone_card IS NOT NULL;
