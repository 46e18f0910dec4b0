-- Crisis and referral cases (lib/alert/alert_case.c).

-- name: case_alert_of_person
SELECT 1 FROM alert WHERE id = ?1 AND person_id = ?2;

-- name: case_open
INSERT INTO ph_case (person_id, kind, alert_id, status, opened_at, opened_by)
VALUES (?1, ?2, ?3, 'open', ?4, ?5);

-- name: case_find
SELECT kind, status FROM ph_case WHERE id = ?1;

-- name: case_event_add
-- A step: ?6 who was reached and ?7 how, when the step says.
INSERT INTO case_event (case_id, kind, at, by, note, who, how)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);

-- name: case_step_recorded
-- Whether case ?1 has recorded step ?2 (the steps the policy asks for:
-- the next one, the missing ones).
SELECT 1 FROM case_event WHERE case_id = ?1 AND kind = ?2;

-- name: case_close
UPDATE ph_case SET status = 'closed', outcome = ?2, closed_at = ?3,
    closed_by = ?4
WHERE id = ?1;

-- name: case_list
-- The cases, open only when ?1.
SELECT k.id, p.person_no, p.name, k.kind, k.status, k.opened_at,
    coalesce(k.outcome, '')
FROM ph_case k JOIN person p ON p.id = k.person_id
WHERE (?1 = 0 OR k.status = 'open')
ORDER BY k.status DESC, k.opened_at, k.id;

-- The family of a case (lib/alert/alert_guardian.c).

-- name: case_person
-- Case ?1's person: name, number, unit path, unit (NULL: none).
SELECT p.name, p.person_no, coalesce(u.path, ''), p.unit_id
FROM ph_case k
JOIN person p ON p.id = k.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE k.id = ?1;

-- name: case_guardians
-- index: k guardian
-- Case ?1's person's guardians, first to last: id, name, as written,
-- whether there is no phone or e-mail.
SELECT g.id, coalesce(g.name, g.relation, ''), g.line, g.unreachable
FROM ph_case k JOIN guardian_line g ON g.person_id = k.person_id
WHERE k.id = ?1
ORDER BY g.ord;

-- name: case_guardian_queue
-- The guardian template to guardian ?2 of case ?1, written out now
-- (subject ?4, body ?5), once.
INSERT INTO outbox (case_id, guardian_id, role, reminder, subject, body,
    created_at, next_try)
VALUES (?1, ?2, 'guardian', 'case ' || ?1 || ' guardian ' || ?2, ?4, ?5,
    ?3, ?3)
ON CONFLICT DO NOTHING;

-- name: case_show
-- Case ?1 for its counsellor: opened, the person's guardians, each step
-- recorded (who was reached and how), each message to the family, in
-- time; at, what, detail.
SELECT datetime(at, 'unixepoch', 'localtime'), what, detail
FROM (
    SELECT k.opened_at AS at, 0 AS o, 0 AS n, 'opened' AS what,
        k.kind || ' ' || p.person_no || ' ' || p.name || ' ' ||
        coalesce(u.path, '') || ', by ' || k.opened_by ||
        coalesce(', from alert ' || k.alert_id, '') AS detail
    FROM ph_case k
    JOIN person p ON p.id = k.person_id
    LEFT JOIN unit u ON u.id = p.unit_id
    WHERE k.id = ?1
    UNION ALL
    SELECT k.opened_at, 1, g.ord, 'guardian',
-- use: guardian_shown
    FROM ph_case k JOIN guardian_line g ON g.person_id = k.person_id
    WHERE k.id = ?1
    UNION ALL
    SELECT k.opened_at, 1, g.ord, 'guardian',
-- use: guardian_shown
    FROM ph_case k JOIN person_guardian_line g ON g.person_id = k.person_id
    WHERE k.id = ?1
    UNION ALL
    SELECT k.opened_at, 1, 0, 'guardian', 'none on the roster'
    FROM ph_case k JOIN person p ON p.id = k.person_id
    WHERE k.id = ?1 AND p.guardian IS NULL AND p.guardian_phone IS NULL
        AND NOT EXISTS (SELECT 1 FROM guardian g
        WHERE g.person_id = k.person_id)
    UNION ALL
    SELECT o.created_at, 2, o.id, 'message ' || o.status,
        coalesce(g.line, 'guardian ' || o.guardian_id || ' (no longer on '
        || 'the roster)') || ' (guardian)' ||
        CASE o.status
        WHEN 'sent' THEN ', sent ' ||
            datetime(o.sent_at, 'unixepoch', 'localtime')
        ELSE ', ' || o.attempts || ' attempts' ||
            coalesce(', ' || o.last_error, '') END
    FROM outbox o LEFT JOIN guardian_line g ON g.id = o.guardian_id
    WHERE o.case_id = ?1 AND o.guardian_id IS NOT NULL
    UNION ALL
    SELECT e.at, 3, e.id, e.kind, 'by ' || e.by ||
        coalesce(', reached ' || e.who, '') || coalesce(' by ' || e.how, '')
        || coalesce(': ' || e.note, '')
    FROM case_event e
    WHERE e.case_id = ?1
    UNION ALL
    SELECT k.closed_at, 4, 0, 'closed', 'by ' || k.closed_by || ': ' ||
        k.outcome
    FROM ph_case k
    WHERE k.id = ?1 AND k.status = 'closed')
ORDER BY at, o, n;

-- name: case_opened
-- Case ?1's kind, status and when it opened, for its next step.
SELECT kind, status, opened_at FROM ph_case WHERE id = ?1;

-- name: guardian_keep_first
-- index: p guardian
-- The lone guardian person.guardian and guardian_phone name (of person
-- ?1, or of case ?2's person) gets a row of its own before a message
-- names them by id (013_guardians.sql); nothing when they have one.
INSERT INTO guardian (person_id, ord, name, phone)
SELECT p.id, 1, p.guardian, p.guardian_phone FROM person p
WHERE p.id = coalesce(?1, (SELECT person_id FROM ph_case WHERE id = ?2))
    AND (p.guardian IS NOT NULL OR p.guardian_phone IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM guardian WHERE person_id = p.id);
