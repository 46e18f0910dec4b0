-- Named queries of events and attendance (lib/schedule/schedule_events.c).

-- name: sched_event_put
INSERT INTO event (kind, name, at, unit_id, audience, created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: sched_event_exists
SELECT 1 FROM event WHERE id = ?;

-- name: sched_event_person_named
-- The active people called ?2 among those event ?1 is for (its
-- audience, at or under its unit).
SELECT p.id, p.person_no
FROM person p LEFT JOIN unit u ON u.id = p.unit_id, event e
WHERE e.id = ?1 AND p.name = ?2 AND p.status = 'active' AND
    (e.audience IS NULL OR p.kind = e.audience) AND
    (e.unit_id IS NULL OR
        u.path = (SELECT path FROM unit WHERE id = e.unit_id) OR
        substr(u.path, 1,
            length((SELECT path FROM unit WHERE id = e.unit_id)) + 1) =
            (SELECT path FROM unit WHERE id = e.unit_id) || '/')
ORDER BY p.person_no;

-- name: sched_attendance_put
INSERT OR IGNORE INTO attendance (event_id, person_id) VALUES (?, ?);

-- name: sched_event_attended
SELECT ?1, ?2, count(*) FROM attendance WHERE event_id = ?1;

-- name: sched_event_status
-- The school year from ?1 to ?2 against the targets: staff theme
-- activities (?3), staff lectures (?4), trainings each counsellor
-- attended (?5).
WITH y AS (
	SELECT * FROM event
	WHERE date(at, 'unixepoch', 'localtime') BETWEEN ?1 AND ?2)
SELECT 'staff theme activities', 'all staff',
    (SELECT count(*) FROM y WHERE kind = 'theme' AND audience = 'staff'),
    ?3, NULL
UNION ALL
SELECT 'staff lectures', 'all staff',
    (SELECT count(*) FROM y WHERE kind = 'lecture' AND audience = 'staff'),
    ?4, NULL
UNION ALL
SELECT 'trainings attended', k.name,
    (SELECT count(*) FROM y JOIN attendance a ON a.event_id = y.id
        WHERE y.kind = 'training' AND a.person_id = k.person_id),
    ?5, NULL
FROM (SELECT DISTINCT c.name, c.person_id
    FROM contact c JOIN role r ON r.contact_id = c.id
    WHERE r.role = 'counsellor' AND r.until IS NULL
    ORDER BY c.name) k;
