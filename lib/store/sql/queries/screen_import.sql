-- Named queries of ph-screen import and held (lib/screen/screen_import.c).
-- The import runs them per row of files of a million: each reaches its
-- rows through an index.

-- name: screen_import_instruments
-- The campaign's instruments, or only ?2 when given.
SELECT instrument
FROM campaign_instrument
WHERE campaign_id = ?1 AND (?2 IS NULL OR instrument = ?2);

-- name: screen_import_person
-- index: person
-- Each row's person, by number, with what tells whether the campaign
-- is for them.
SELECT id, kind, status, unit_id
FROM person
WHERE person_no = ?1;

-- name: screen_import_campaign
-- Who the campaign is for: its kind and dates (its units are
-- campaign_scope_units).
SELECT coalesce(kind, ''), date_from, date_to
FROM campaign
WHERE id = ?1;

-- name: screen_import_unit_path
SELECT path
FROM unit
WHERE id = ?1;

-- name: screen_import_file
INSERT INTO response_file (campaign_id, name, header, imported_at, sha256,
	policy)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: screen_import_first
-- 1 before the first answer to the campaign's instrument.
SELECT NOT EXISTS (
	SELECT 1
	FROM response
	WHERE campaign_id = ?1 AND instrument = ?2);

-- name: screen_import_held_numbers
-- index: held
-- The person numbers of the held rows a later answer would resolve.
SELECT person_no
FROM held
WHERE campaign_id = ?1 AND instrument = ?2 AND resolved_by IS NULL;

-- name: screen_import_supersede
-- index: response
-- By its id: an UPDATE that looked the row up through the index whose
-- column (latest) it changes would collect the rows in a table of its
-- own each time, four times the cost of the import; one answer at most
-- is the latest.
UPDATE response
SET latest = 0
WHERE id = (
	SELECT id
	FROM response
	WHERE campaign_id = ?1 AND person_id = ?2 AND instrument = ?3
	    AND latest);

-- name: screen_import_response
INSERT INTO response (campaign_id, person_id, instrument, file_id, line,
	raw, scores, critical, critical_note, missing, valid, reason, latest,
	imported_at, card, card_reasons)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14,
	?15);

-- name: screen_import_hold
INSERT INTO held (campaign_id, file_id, line, instrument, person_no,
	person_id, raw, reason, critical, critical_note, card, card_reasons,
	held_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13);

-- name: screen_import_resolve
-- index: held
-- A held row a corrected file answers again.
UPDATE held
SET resolved_by = ?1
WHERE campaign_id = ?2 AND instrument = ?3 AND person_no = ?4
	AND resolved_by IS NULL;

-- name: screen_held_list
-- The rows with a critical answer first: they are the ones to act on;
-- then in the order of the files.  ?1 a campaign (0: all), ?2 1 for the
-- resolved ones too.
SELECT c.code, f.name || ':' || h.line, h.person_no,
	CASE WHEN h.person_id IS NULL THEN 'no' ELSE 'yes' END,
	h.instrument, h.reason, h.critical_note, h.card,
	coalesce(rf.name || ':' || r.line, '')
FROM held h
JOIN campaign c ON c.id = h.campaign_id
JOIN response_file f ON f.id = h.file_id
LEFT JOIN response r ON r.id = h.resolved_by
LEFT JOIN response_file rf ON rf.id = r.file_id
WHERE (?1 = 0 OR h.campaign_id = ?1) AND (?2 OR h.resolved_by IS NULL)
ORDER BY c.date_from, c.code, h.critical IS NULL AND h.card <> 'red', h.id;

-- name: screen_import_norm_person
-- What a norm group is chosen by (ph-instrument(5)): person ?1's sex,
-- birth date and grade level, from the roster, and the first day of
-- campaign ?2, on which the age is taken (the same group for the whole
-- campaign, however late they answer or it is re-scored).
SELECT p.sex, p.birth_date,
	(SELECT CASE u.kind WHEN 'grade' THEN u.level ELSE g.level END
	FROM unit u LEFT JOIN unit g ON g.id = u.parent_id AND g.kind = 'grade'
	WHERE u.id = p.unit_id),
	(SELECT date_from FROM campaign WHERE id = ?2)
FROM person p
WHERE p.id = ?1;
