-- Named queries of a person's archive (lib/intake/intake_transfer.c).

-- Transfer out: the person, their status, and the school (the top of
-- their unit's tree; '' when they are on none).
-- name: intake_transfer_find
-- index: p
SELECT p.id, p.status, coalesce((
    WITH RECURSIVE up(id, parent, path) AS (
        SELECT id, parent_id, path FROM unit WHERE id = p.unit_id
        UNION ALL
        SELECT u.id, u.parent_id, u.path
        FROM unit u JOIN up ON u.id = up.parent)
    SELECT path FROM up WHERE parent IS NULL), '')
FROM person p
WHERE p.person_no = ?1;

-- The archive's first record.
-- name: intake_transfer_head
SELECT ?2 AS version, ?3 AS schema, ?4 AS person_no, ?5 AS exported_at,
    ?6 AS source;

-- The archive's sections, each the records of one type for the person
-- whose id is ?1: column names are the records' keys.
-- name: intake_archive_person
SELECT p.person_no, p.kind, p.name, p.sex, p.birth_date, u.path AS unit,
    d.path AS dormitory, p.guardian, p.guardian_phone, p.phone, p.email,
    p.position, p.new_hire, p.status
FROM person p
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit d ON d.id = p.dormitory_id
WHERE p.id = ?1;

-- name: intake_archive_flags
SELECT flag, source, since, until, note FROM person_flag
WHERE person_id = ?1
ORDER BY id;

-- name: intake_archive_contacts
SELECT name, sex, phone, email FROM contact WHERE person_id = ?1 ORDER BY id;

-- name: intake_archive_roles
SELECT u.path AS unit, r.role, c.name AS contact, r.since, r.until
FROM role r
JOIN contact c ON c.id = r.contact_id
JOIN unit u ON u.id = r.unit_id
WHERE c.person_id = ?1
ORDER BY r.id;

-- ph-screen: every submission, with its raw record and scores.
-- name: intake_archive_responses
SELECT c.code AS campaign, c.date_from, c.date_to, r.instrument, f.sha256,
    f.name || ':' || r.line AS source,
    (SELECT json_group_object(h.value, v.value)
        FROM json_each(f.header) h JOIN json_each(r.raw) v ON v.key = h.key)
        AS raw,
    r.scores, r.critical, r.critical_note, r.missing, r.valid, r.reason,
    r.latest, r.imported_at, r.card, r.card_reasons, f.policy
FROM response r
JOIN campaign c ON c.id = r.campaign_id
JOIN response_file f ON f.id = r.file_id
WHERE r.person_id = ?1
ORDER BY r.id;

-- Cards set by hand; after: how many of the person's responses came
-- before it, so that the order of the two survives the move.
-- name: intake_archive_cards
SELECT c.code AS campaign, s.color, s.reason, s.set_by, s.set_at,
    (SELECT count(*) FROM response r
        WHERE r.person_id = ?1 AND r.id <= s.after_response) AS after
FROM card_set s
LEFT JOIN campaign c ON c.id = s.campaign_id
WHERE s.person_id = ?1
ORDER BY s.id;

-- ph-alert: crisis and referral cases, each with its steps.
-- name: intake_archive_cases
SELECT k.kind, k.status, k.opened_at, k.opened_by, k.outcome, k.closed_at,
    k.closed_by,
    (SELECT json_group_array(json_object('kind', e.kind, 'at', e.at,
        'by', e.by, 'note', e.note))
        FROM (SELECT * FROM case_event WHERE case_id = k.id ORDER BY id) e)
        AS steps
FROM ph_case k
WHERE k.person_id = ?1
ORDER BY k.id;

-- name: intake_transfer_mark
UPDATE person SET status = 'transferred', updated_at = ?1 WHERE id = ?2;

-- Transfer in: the status of someone with the archive's number here.
-- name: intake_transfer_status
SELECT status FROM person WHERE person_no = ?1;

-- The person, new here or coming back (row_hash NULL: the next roster
-- load writes their row again).
-- name: intake_transfer_person
INSERT INTO person (person_no, kind, name, sex, birth_date, unit_id,
    dormitory_id, guardian, guardian_phone, phone, email, position,
    new_hire, status, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'active',
    ?14, ?14)
ON CONFLICT (person_no) DO UPDATE SET kind = ?2, name = ?3, sex = ?4,
    birth_date = ?5, unit_id = ?6, dormitory_id = ?7, guardian = ?8,
    guardian_phone = ?9, phone = ?10, email = ?11, position = ?12,
    new_hire = ?13, status = 'active', row_hash = NULL, updated_at = ?14;

-- A returning pupil may bring flags this database still has: nothing is
-- deleted, and what is here already is kept.
-- name: intake_transfer_flag
INSERT INTO person_flag (person_id, flag, source, since, until, note)
SELECT ?1, ?2, ?3, ?4, ?5, ?6
WHERE NOT EXISTS (SELECT 1 FROM person_flag
    WHERE person_id = ?1 AND flag = ?2
        AND (until IS NULL AND ?5 IS NULL OR since = ?4 AND until IS ?5));

-- name: intake_transfer_role
INSERT INTO role (unit_id, role, contact_id, since, until)
SELECT ?1, ?2, ?3, ?4, ?5
WHERE NOT EXISTS (SELECT 1 FROM role
    WHERE unit_id = ?1 AND role = ?2 AND contact_id = ?3 AND since = ?4
        AND until IS ?5);

-- A screening from another school goes under a campaign of the same
-- code, made here when this database has none.
-- name: intake_transfer_campaign
INSERT INTO campaign (code, date_from, date_to, created_at)
VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (code) DO NOTHING;

-- name: intake_transfer_campaign_id
SELECT id FROM campaign WHERE code = ?1;

-- name: intake_transfer_campaign_instrument
INSERT OR IGNORE INTO campaign_instrument (campaign_id, instrument)
VALUES (?1, ?2);

-- A response this database has already (a returning pupil).
-- name: intake_transfer_response_here
SELECT r.id FROM response r JOIN response_file f ON f.id = r.file_id
WHERE r.campaign_id = ?1 AND r.person_id = ?2 AND r.instrument = ?3
    AND f.name || ':' || r.line = ?4 AND r.imported_at = ?5;

-- The file a response came from (?2 its source, name:line), with the
-- header its raw record (?3) gives.
-- name: intake_transfer_response_file
INSERT INTO response_file (campaign_id, name, header, imported_at, sha256,
    policy)
SELECT ?1, substr(?2, 1, length(rtrim(?2, '0123456789')) - 1),
    (SELECT json_group_array(key) FROM json_each(?3)), ?4, ?5, ?6;

-- The response, in the file just made.
-- name: intake_transfer_response
INSERT INTO response (campaign_id, person_id, instrument, file_id, line,
    raw, scores, critical, critical_note, missing, valid, reason, latest,
    imported_at, card, card_reasons)
SELECT ?1, ?2, ?3, last_insert_rowid(),
    CAST(ltrim(substr(?4, length(rtrim(?4, '0123456789')) + 1)) AS INTEGER),
    (SELECT json_group_array(value) FROM json_each(?5)),
    ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15;

-- name: intake_transfer_case_here
SELECT 1 FROM ph_case WHERE person_id = ?1 AND kind = ?2 AND opened_at = ?3;

-- name: intake_transfer_case
INSERT INTO ph_case (person_id, kind, status, opened_at, opened_by, outcome,
    closed_at, closed_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);

-- The steps (?2, a JSON array) of the case just made (?1).
-- name: intake_transfer_case_events
INSERT INTO case_event (case_id, kind, at, by, note)
SELECT ?1, json_extract(value, '$.kind'), json_extract(value, '$.at'),
    json_extract(value, '$.by'), json_extract(value, '$.note')
FROM json_each(?2)
ORDER BY key;

-- A card a counsellor set, after the same responses as where it was set.
-- name: intake_transfer_card
INSERT INTO card_set (person_id, campaign_id, color, reason, set_by,
    after_response, set_at)
VALUES (?1, (SELECT id FROM campaign WHERE code = ?2), ?3, ?4, ?5, ?6, ?7);
