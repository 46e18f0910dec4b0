-- ph-report compliance, activity and upward --care: figures per school
-- (lib/report/report_schools.c, report_activity.c,
-- report_upward_care.c).

-- name: report_groups_held
-- The group sessions held by time ?1 since the school year's first day
-- ?2, per school of the rooms: how many, the attendances, and the members
-- who could have come.
WITH y(start) AS (SELECT ?2)
SELECT coalesce(u.path, ''), count(*),
    sum((SELECT count(*) FROM grp_attendance a WHERE a.session_id = s.id)),
    sum((SELECT count(*) FROM grp_member m WHERE m.group_id = g.id))
FROM grp_session s
JOIN grp g ON g.id = s.group_id
JOIN room r ON r.id = g.room_id
LEFT JOIN unit u ON u.id = r.unit_id, y
WHERE s.start <= ?1 AND date(s.start, 'unixepoch', 'localtime') >= y.start
GROUP BY u.path;

-- name: report_events_held
-- The events held by time ?1 since the school year's first day ?2, each
-- with its unit (NULL: an event for everyone).
WITH y(start) AS (SELECT ?2)
SELECT u.path
FROM event e LEFT JOIN unit u ON u.id = e.unit_id, y
WHERE e.at <= ?1 AND date(e.at, 'unixepoch', 'localtime') >= y.start;

-- name: report_class_teachers
-- The class teachers of the unit at path ?1, by name.
SELECT group_concat(k.name, ',')
FROM (SELECT k.name FROM role ro
    JOIN contact k ON k.id = ro.contact_id
    JOIN unit u ON u.id = ro.unit_id
    WHERE u.path = ?1 AND ro.role = 'class_teacher' AND ro.until IS NULL
    ORDER BY k.name) k;

-- name: report_cases_this_year
-- The cases opened by time ?1 since the school year's first day ?2, per
-- unit and kind, and how many of them were closed by ?1.
SELECT coalesce(u.path, ''), k.kind, count(*), sum(k.closed_at <= ?1)
FROM ph_case k
JOIN person p ON p.id = k.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE k.opened_at <= ?1 AND
    date(k.opened_at, 'unixepoch', 'localtime') >= ?2
GROUP BY u.path, k.kind;
