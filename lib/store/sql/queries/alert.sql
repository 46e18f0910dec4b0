-- Reading and answering alerts: list and show (lib/alert/alert_list.c),
-- ack (alert_ack.c), escalate (alert_escalate.c).

-- name: alert_list
-- The alerts: ?2 open only, ?3 overdue only (due by ?1), ?4 at that level
-- (1 up; < 0 any), ?5 at that unit path or under it (NULL any).
SELECT a.id, coalesce(p.person_no, nullif(a.respondent, ''), '无学号'),
    coalesce(p.name, '（不在名册）'), coalesce(u.path, ''), a.reason,
    a.level + 1, a.status,
    datetime(a.raised_at, 'unixepoch', 'localtime'),
    datetime(a.due, 'unixepoch', 'localtime'),
    CASE WHEN a.status = 'open' AND a.due <= ?1 THEN 'yes' ELSE 'no' END,
    a.acked_by
FROM alert a
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
WHERE (?2 = 0 OR a.status = 'open')
    AND (?3 = 0 OR (a.status = 'open' AND a.due <= ?1))
    AND (?4 < 0 OR a.level + 1 = ?4)
    AND (?5 IS NULL OR u.path = ?5
        OR substr(u.path, 1, length(?5) + 1) = ?5 || '/')
ORDER BY a.status DESC, a.due, a.id;

-- name: alert_exists
SELECT 1 FROM alert WHERE id = ?1;

-- piece: guardian_shown
-- A guardian (g: a row of guardian_line or person_guardian_line) as the
-- counsellor reads them in show: how to reach them, or that nothing can.
        g.line || CASE WHEN g.unreachable THEN ', no phone or e-mail'
        ELSE '' END

-- name: alert_show
-- Alert ?1, then the person's guardians (show is the counsellor's: it
-- prints the answers too), then what happened to it and every message,
-- in time.
SELECT datetime(at, 'unixepoch', 'localtime'), what, level, detail
FROM (
    SELECT a.raised_at AS at, 0 AS k, 'raised' AS what, 1 AS level,
        coalesce(p.person_no, nullif(a.respondent, ''), '无学号') || ' ' ||
        coalesce(p.name, '（不在名册）') || ' ' || coalesce(u.path, '') ||
        ': ' || a.reason || coalesce(' | ' || a.detail, '') ||
        ' | ' || a.source AS detail
    FROM alert a
    LEFT JOIN person p ON p.id = a.person_id
    LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
    WHERE a.id = ?1
    UNION ALL
    SELECT a.raised_at, g.ord, 'guardian', '',
-- use: guardian_shown
    FROM alert a JOIN guardian_line g ON g.person_id = a.person_id
    WHERE a.id = ?1
    UNION ALL
    SELECT a.raised_at, g.ord, 'guardian', '',
-- use: guardian_shown
    FROM alert a JOIN person_guardian_line g ON g.person_id = a.person_id
    WHERE a.id = ?1
    UNION ALL
    SELECT o.created_at, o.id, 'message ' || o.status, o.level + 1,
        coalesce(c.name || ' (' || o.role || ')' ||
        coalesce(', ' || c.email, '') || coalesce(', ' || c.phone, ''),
        g.line || ' (guardian)', 'guardian ' || o.guardian_id) ||
        CASE o.status
        WHEN 'sent' THEN ', sent ' ||
            datetime(o.sent_at, 'unixepoch', 'localtime')
        ELSE ', ' || o.attempts || ' attempts' ||
            coalesce(', ' || o.last_error, '') END
    FROM outbox o
    LEFT JOIN contact c ON c.id = o.contact_id
    LEFT JOIN guardian_line g ON g.id = o.guardian_id
    WHERE o.alert_id = ?1
    UNION ALL
    SELECT e.at, e.id, e.kind, e.level + 1, e.detail
    FROM alert_event e
    WHERE e.alert_id = ?1)
ORDER BY at, what <> 'raised', what <> 'guardian', k;

-- name: alert_ack
UPDATE alert SET status = 'acked', acked_at = ?2, acked_by = ?3,
    ack_note = ?4, due = NULL
WHERE id = ?1 AND status = 'open';

-- name: alert_acked_by
SELECT acked_by, datetime(acked_at, 'unixepoch', 'localtime')
FROM alert WHERE id = ?1;

-- name: alert_ack_event
INSERT INTO alert_event (alert_id, at, kind, level, detail)
SELECT id, ?2, 'acked', level, ?3 FROM alert WHERE id = ?1;

-- name: alert_due
-- index: a p u
-- The open alerts past their deadline (?1), through the partial index on
-- due: nothing is read when nothing is due.
SELECT a.id, a.level, coalesce(p.person_no, a.respondent),
    coalesce(p.kind, 'student'), coalesce(p.unit_id, a.unit_id, 0),
    coalesce(p.dormitory_id, 0), coalesce(u.path, ''),
    coalesce(a.person_id, 0)
FROM alert a
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
WHERE a.status = 'open' AND a.due <= ?1
ORDER BY a.due, a.id;
