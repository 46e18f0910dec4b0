-- Named queries of the iCalendar export (lib/schedule/schedule_ics.c).

-- name: sched_ics_groups
-- Group-counselling series of room ?1, of leader ?2, with a member at or
-- under unit ?3 (each NULL: any): id, name, room, first start, length,
-- last start, sessions, and the period (the group's, else the first gap
-- between sessions, else a week).
SELECT g.id, g.name, r.name, min(s.start), min(s.end) - min(s.start),
    max(s.start), count(*),
    coalesce(g.every,
        (SELECT min(y.start - x.start)
        FROM grp_session x
        JOIN grp_session y ON y.group_id = x.group_id AND y.n = x.n + 1
        WHERE x.group_id = g.id),
        604800)
FROM grp g
JOIN room r ON r.id = g.room_id
JOIN grp_session s ON s.group_id = g.id
WHERE (?1 IS NULL OR r.code = ?1) AND (?2 IS NULL OR g.leader = ?2) AND
    (?3 IS NULL OR EXISTS (SELECT 1
        FROM grp_member m
        JOIN person p ON p.id = m.person_id
        JOIN unit u ON u.id = p.unit_id
        WHERE m.group_id = g.id AND
            (u.path = ?3 OR substr(u.path, 1, length(?3) + 1) = ?3 || '/')))
GROUP BY g.id
ORDER BY min(s.start), g.id;

-- name: sched_ics_group_held
SELECT 1 FROM grp_session WHERE group_id = ? AND start = ?;

-- name: sched_ics_events
-- Events for everyone, or for unit ?3, at or under it or above it.
SELECT e.id, e.kind, e.name, e.at, coalesce(u.path, '')
FROM event e LEFT JOIN unit u ON u.id = e.unit_id
WHERE ?3 IS NULL OR u.path IS NULL OR u.path = ?3 OR
    substr(u.path, 1, length(?3) + 1) = ?3 || '/' OR
    substr(?3, 1, length(u.path) + 1) = u.path || '/'
ORDER BY e.at, e.id;

-- name: sched_ics_holidays
-- The holidays from ?1 to ?2 on ISO weekday ?3, as YYYYMMDD.
WITH RECURSIVE d(day) AS (
	SELECT ?1
	UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < ?2)
SELECT replace(day, '-', '')
FROM d JOIN calendar_day k USING (day)
WHERE k.kind = 'holiday' AND
    ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) + 1 = ?3;

-- name: sched_ics_openings
-- The weekly openings of room ?1, and those it no longer has, for each
-- term: weekday, start, end, purpose, room name, the term's first and
-- last day, the first day of the weekday in it, room code, SEQUENCE,
-- cancelled (0 or 1).  ph-schedule rooms load audits each opening it
-- removes ("周一 12:30-13:30 预约咨询", subject the room's code): a
-- removed one is cancelled in the terms not over when it went, with a
-- SEQUENCE one above what it was published with; one that comes back,
-- one above that.
WITH removed AS (
    SELECT substr(detail, 1, 2) AS day, substr(detail, 4, 5) AS start,
        count(*) AS times, max(id) AS last
    FROM audit
    WHERE action = 'opening.remove' AND subject = ?1
    GROUP BY 1, 2),
live AS (
    SELECT o.weekday, o.start, o.end, coalesce(o.purpose, '') AS purpose,
        2 * coalesce(g.times, 0) AS seq, 0 AS cancelled, '' AS since
    FROM room r
    JOIN opening o ON o.room_id = r.id
    LEFT JOIN removed g ON g.start = o.start AND
        g.day = substr('周一周二周三周四周五周六周日', 2 * o.weekday - 1, 2)
    WHERE r.code = ?1),
gone AS (
    SELECT (instr('周一周二周三周四周五周六周日', g.day) + 1) / 2 AS weekday,
        g.start, substr(a.detail, 10, 5) AS end,
        substr(a.detail, 16) AS purpose, 2 * g.times - 1 AS seq,
        1 AS cancelled, substr(a.at, 1, 10) AS since
    FROM removed g
    JOIN audit a ON a.id = g.last),
every AS (
    SELECT * FROM live
    UNION ALL
    SELECT * FROM gone
    WHERE NOT EXISTS (SELECT 1 FROM live l
        WHERE l.weekday = gone.weekday AND l.start = gone.start))
SELECT x.weekday, x.start, x.end, x.purpose, r.name, t.date_from, t.date_to,
    date(t.date_from, '+' || ((x.weekday -
        ((CAST(strftime('%w', t.date_from) AS INTEGER) + 6) % 7 + 1) + 7) %
        7) || ' days'),
    r.code, x.seq, x.cancelled
FROM every x, room r, term t
WHERE r.code = ?1 AND t.date_to >= x.since
ORDER BY t.date_from, x.weekday, x.start;

-- name: sched_ics_appointments
-- The appointments of room ?1, of counsellor ?2, of clients at or under
-- unit ?3 (each NULL: any).
SELECT a.id, a.start, a.end, a.status, a.seq, r.name, p.name, p.person_no,
    c.name, a.updated_at
FROM appointment a
JOIN room r ON r.id = a.room_id
JOIN contact c ON c.id = a.contact_id
JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE (?1 IS NULL OR r.code = ?1) AND (?2 IS NULL OR c.name = ?2) AND
    (?3 IS NULL OR u.path = ?3 OR
        substr(u.path, 1, length(?3) + 1) = ?3 || '/')
ORDER BY a.start, a.id;
