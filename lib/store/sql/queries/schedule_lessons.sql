-- Named queries of lessons and home visits
-- (lib/schedule/schedule_lessons.c).

-- name: sched_term_by_code
SELECT id, date_from, date_to FROM term WHERE code = ?;

-- name: sched_term_current
-- The term of day ?1, else the latest.
SELECT code FROM term
ORDER BY ?1 BETWEEN date_from AND date_to DESC, date_from DESC
LIMIT 1;

-- name: sched_lesson_unplanned_classes
-- The classes with students at or under ?2 (NULL: all) not planned for
-- term ?1 yet.
SELECT u.id, u.path
FROM unit u JOIN unit_order t ON t.id = u.id
WHERE u.kind = 'class' AND
    EXISTS (SELECT 1 FROM person p WHERE p.unit_id = u.id AND
        p.status = 'active' AND p.kind = 'student') AND
    NOT EXISTS (SELECT 1 FROM lesson l WHERE l.unit_id = u.id AND
        l.term_id = ?1 AND l.planned) AND
    (?2 IS NULL OR u.path = ?2 OR
        substr(u.path, 1, length(?2) + 1) = ?2 || '/')
ORDER BY t.sortkey;

-- name: sched_lesson_plan_put
INSERT INTO lesson (unit_id, term_id, day, planned) VALUES (?, ?, ?, 1);

-- name: sched_lesson_hold
-- The planned lesson of class ?1 on day ?2, else of the nearest day not
-- held within a week, held.
UPDATE lesson SET held = 1, topic = ?3, by = ?4, day = ?2
WHERE id = (SELECT id FROM lesson
    WHERE unit_id = ?1 AND NOT held AND
        abs(julianday(day) - julianday(?2)) <= 7
    ORDER BY abs(julianday(day) - julianday(?2))
    LIMIT 1);

-- name: sched_lesson_held_put
-- A lesson held that was not planned.
INSERT INTO lesson (unit_id, term_id, day, held, topic, by)
VALUES (?1, (SELECT id FROM term WHERE ?2 BETWEEN date_from AND date_to),
    ?2, 1, ?3, ?4);

-- name: sched_lesson_status
-- Each class with students at or under ?7 in term ?1 (from ?2 to ?3) by
-- day ?4: planned, held, due by now (a lesson in each ?5 days gone by),
-- the minimum ?6, and whether it is behind (fewer held than due, or,
-- the term over, fewer than the minimum).
SELECT u.path,
    (SELECT count(*) FROM lesson l
        WHERE l.unit_id = u.id AND l.term_id = ?1 AND l.planned),
    (SELECT count(*) FROM lesson l
        WHERE l.unit_id = u.id AND l.held AND l.day BETWEEN ?2 AND ?3)
        AS held,
    max(0, CAST((julianday(min(?4, ?3)) - julianday(?2)) / ?5 AS INTEGER))
        AS due,
    ?6,
    CASE WHEN (SELECT count(*) FROM lesson l
            WHERE l.unit_id = u.id AND l.held AND l.day BETWEEN ?2 AND ?3) <
        max(0, CAST((julianday(min(?4, ?3)) - julianday(?2)) / ?5
            AS INTEGER)) OR
        (?4 > ?3 AND (SELECT count(*) FROM lesson l
            WHERE l.unit_id = u.id AND l.held AND l.day BETWEEN ?2 AND ?3) <
            ?6)
    THEN 'behind' ELSE 'ok' END
FROM unit u JOIN unit_order t ON t.id = u.id
WHERE u.kind = 'class' AND
    EXISTS (SELECT 1 FROM person p WHERE p.unit_id = u.id AND
        p.status = 'active' AND p.kind = 'student') AND
    (?7 IS NULL OR u.path = ?7 OR
        substr(u.path, 1, length(?7) + 1) = ?7 || '/')
ORDER BY t.sortkey;

-- name: sched_visit_put
INSERT INTO visit (person_id, day, by, note, at) VALUES (?, ?, ?, ?, ?);

-- name: sched_visits_due
-- The students at or under ?2 whose family was not visited since ?1,
-- with their class teachers.
SELECT u.path,
    coalesce((SELECT group_concat(k.name, ',')
        FROM role r JOIN contact k ON k.id = r.contact_id
        WHERE r.unit_id = u.id AND r.role = 'class_teacher' AND
            r.until IS NULL), ''),
    p.person_no, p.name
FROM person p
JOIN unit u ON u.id = p.unit_id
JOIN unit_order t ON t.id = u.id
WHERE p.status = 'active' AND p.kind = 'student' AND
    NOT EXISTS (SELECT 1 FROM visit v
        WHERE v.person_id = p.id AND v.day >= ?1) AND
    (?2 IS NULL OR u.path = ?2 OR
        substr(u.path, 1, length(?2) + 1) = ?2 || '/')
ORDER BY t.sortkey, p.person_no;

-- name: sched_visits_per_class
-- Per class: pupils, and how many of their families were visited since
-- ?1.  The pupils counted by class first, in one pass over person, then
-- joined to the units: joined first, SQLite read every pupil for each
-- class (55 s instead of 0.4 s for a million pupils).
WITH n AS (
	SELECT p.unit_id AS unit, count(*) AS pupils,
	    sum(EXISTS (SELECT 1 FROM visit v
	        WHERE v.person_id = p.id AND v.day >= ?1)) AS visited
	FROM person p
	WHERE p.status = 'active' AND p.kind = 'student'
	GROUP BY p.unit_id)
SELECT u.path, n.pupils, n.visited
FROM n
JOIN unit u ON u.id = n.unit
JOIN unit_order t ON t.id = u.id
ORDER BY t.sortkey;
