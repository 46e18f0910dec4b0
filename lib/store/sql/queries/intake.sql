-- Named queries of ph-intake's smaller commands (lib/intake/intake_audit.c,
-- intake_flag.c, intake_list.c) and of the person lookup the other
-- programs use.

-- The trail, of one subject (?1) or of all (NULL).
-- name: intake_audit_list
SELECT id, at, actor, coalesce(account, '') AS account, action, subject,
    detail
FROM audit
WHERE ?1 IS NULL OR subject = ?1
ORDER BY id;

-- name: intake_flag_open
-- index: person_flag
SELECT id FROM person_flag
WHERE person_id = ?1 AND flag = ?2 AND until IS NULL;

-- name: intake_flag_set
INSERT INTO person_flag (person_id, flag, source, since, note)
VALUES (?1, ?2, 'manual', ?3, ?4);

-- Closed, not deleted: the archive shows when it applied.
-- name: intake_flag_clear
UPDATE person_flag SET until = ?1, note = coalesce(?2, note) WHERE id = ?3;

-- People in the order of their units: ?1 a unit path, whose subtree a
-- person's class or dormitory is in, or NULL for all; ?2 a status, 'all',
-- or NULL for the active; ?3 a kind or NULL; ?4 an open flag or NULL.
-- name: intake_list_people
SELECT p.person_no, p.name, p.kind, p.sex, u.path, d.path, p.status,
    (SELECT group_concat(flag, ';') FROM (SELECT flag FROM person_flag f
        WHERE f.person_id = p.id AND f.until IS NULL ORDER BY flag))
FROM person p
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit_order t ON t.id = p.unit_id
LEFT JOIN unit d ON d.id = p.dormitory_id
WHERE (?2 = 'all' OR p.status = coalesce(?2, 'active'))
    AND (?3 IS NULL OR p.kind = ?3)
    AND (?4 IS NULL OR EXISTS (SELECT 1 FROM person_flag f
        WHERE f.person_id = p.id AND f.flag = ?4 AND f.until IS NULL))
    AND (?1 IS NULL
        OR u.path = ?1 OR substr(u.path, 1, length(?1) + 1) = ?1 || '/'
        OR d.path = ?1 OR substr(d.path, 1, length(?1) + 1) = ?1 || '/')
ORDER BY t.sortkey, p.person_no;

-- Head counts per unit at or under ?1 (NULL: all) from one GROUP BY over
-- people, rolled up the (small) unit tree.  A dormitory's count stops at
-- its residence, so that boarders are not counted twice in their school.
-- name: intake_units_counts
WITH flagged(person) AS (
    SELECT DISTINCT person_id FROM person_flag WHERE until IS NULL),
direct(unit, dorm, students, staff, flagged) AS (
    SELECT unit_id, 0, sum(kind = 'student'), sum(kind = 'staff'),
        sum(id IN flagged)
    FROM person WHERE status = 'active' AND unit_id IS NOT NULL
    GROUP BY unit_id
    UNION ALL
    SELECT dormitory_id, 1, sum(kind = 'student'), sum(kind = 'staff'),
        sum(id IN flagged)
    FROM person WHERE status = 'active' AND dormitory_id IS NOT NULL
    GROUP BY dormitory_id),
up(unit, dorm, students, staff, flagged) AS (
    SELECT * FROM direct
    UNION ALL
    SELECT u.parent_id, up.dorm, up.students, up.staff, up.flagged
    FROM up JOIN unit u ON u.id = up.unit
    WHERE u.parent_id IS NOT NULL AND NOT (up.dorm AND u.kind = 'residence')),
counts(unit, students, staff, flagged) AS (
    SELECT unit, sum(students), sum(staff), sum(flagged) FROM up
    GROUP BY unit)
SELECT u.path, u.kind, coalesce(c.students, 0), coalesce(c.staff, 0),
    coalesce(c.flagged, 0), u.status
FROM unit u
JOIN unit_order t ON t.id = u.id
LEFT JOIN counts c ON c.unit = u.id
WHERE ?1 IS NULL OR u.path = ?1 OR substr(u.path, 1, length(?1) + 1) = ?1 || '/'
ORDER BY t.sortkey;

-- name: intake_unit_by_path
-- index: unit
SELECT id FROM unit WHERE path = ?1;
