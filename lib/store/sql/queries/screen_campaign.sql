-- Named queries of ph-screen's campaigns, coverage and history
-- (lib/screen/screen_campaign.c).

-- name: screen_campaign_insert
-- A campaign whose code is taken already gives no row: the caller says
-- so, instead of the constraint's own words.
INSERT INTO campaign (code, kind, date_from, date_to, created_at)
VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (code) DO NOTHING
RETURNING id;

-- name: screen_campaign_add_instrument
INSERT OR IGNORE INTO campaign_instrument (campaign_id, instrument)
VALUES (?1, ?2);

-- name: screen_campaign_add_unit
INSERT OR IGNORE INTO campaign_unit (campaign_id, unit_id)
VALUES (?1, ?2);

-- name: screen_campaign_list
SELECT c.code, coalesce(c.kind, 'all'), c.date_from, c.date_to,
	(SELECT group_concat(instrument, ',')
	 FROM campaign_instrument i
	 WHERE i.campaign_id = c.id),
	coalesce((SELECT group_concat(u.path, ',')
		  FROM campaign_unit cu
		  JOIN unit u ON u.id = cu.unit_id
		  WHERE cu.campaign_id = c.id), 'all'),
	(SELECT count(*)
	 FROM response r
	 WHERE r.campaign_id = c.id AND r.latest)
FROM campaign c
ORDER BY c.date_from, c.code;

-- name: screen_history
-- The screenings and the cards set by hand, in the order they happened
-- (a card set after the responses imported before it).
SELECT coalesce(c.code, ''), coalesce(c.date_from, ''), what, scores,
	card, reasons, critical, valid, latest, source
FROM (
	SELECT r.campaign_id AS campaign, r.id * 2 AS k, r.instrument AS what,
		r.scores, r.card, r.card_reasons AS reasons,
		r.critical_note AS critical,
		CASE r.valid WHEN 1 THEN 'yes' ELSE 'no: ' || r.reason END
		    AS valid,
		CASE r.latest WHEN 1 THEN 'yes' ELSE 'no' END AS latest,
		f.name || ':' || r.line AS source
	FROM response r
	JOIN response_file f ON f.id = r.file_id
	WHERE r.person_id = ?1
	UNION ALL
	SELECT s.campaign_id, s.after_response * 2 + 1, 'card set', NULL,
		s.color, s.reason, NULL, NULL, NULL,
		'by ' || s.set_by || ' ' ||
		    datetime(s.set_at, 'unixepoch', 'localtime')
	FROM card_set s
	WHERE s.person_id = ?1)
LEFT JOIN campaign c ON c.id = campaign
ORDER BY c.date_from IS NULL, c.date_from, c.code, k;

-- name: screen_retest_list
-- The latest answers to campaign ?1 that are to be taken again (not
-- valid), from the few of them (response_retest), at or under unit path
-- ?2 (NULL: all), in the tree's order: unit, person number, name,
-- instrument, why, card, critical answers, file:line.
SELECT coalesce(u.path, ''), p.person_no, p.name, r.instrument,
    coalesce(r.reason, ''), coalesce(r.card, ''),
    coalesce(r.critical_note, ''), f.name || ':' || r.line
FROM response r INDEXED BY response_retest
JOIN person p ON p.id = r.person_id
JOIN response_file f ON f.id = r.file_id
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit_order t ON t.id = u.id
WHERE r.campaign_id = ?1 AND r.latest AND r.valid = 0 AND
    (?2 IS NULL OR u.path = ?2 OR
    substr(u.path, 1, length(?2) + 1) = ?2 || '/')
ORDER BY t.sortkey, p.person_no, r.instrument;

-- name: screen_campaign_fit_units
-- The grades and classes a campaign is for, each with its grade level
-- and the earliest and latest birth dates of its active students: what
-- tells a unit outside an instrument's ages or grades.
SELECT u.path, CASE u.kind WHEN 'grade' THEN u.level ELSE g.level END,
	min(p.birth_date), max(p.birth_date)
FROM campaign_scope s
JOIN unit u ON u.id = s.unit_id AND (u.kind = 'grade' OR u.kind = 'class')
LEFT JOIN unit g ON g.id = u.parent_id AND g.kind = 'grade'
LEFT JOIN person p ON p.unit_id = u.id AND p.status = 'active'
	AND p.kind = 'student'
WHERE s.campaign_id = ?1
GROUP BY u.id
ORDER BY u.path;
