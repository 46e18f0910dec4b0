-- Named queries of rooms and their weekly openings
-- (lib/schedule/schedule_rooms.c).

-- name: sched_room_put
INSERT INTO room (code, name, unit_id, kind, capacity)
VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (code) DO UPDATE
    SET name = ?2, unit_id = ?3, kind = ?4, capacity = ?5
RETURNING id;

-- name: sched_room_openings_clear
-- A room's openings, gone: what they were, to tell which the file no
-- longer names.
DELETE FROM opening WHERE room_id = ?
RETURNING weekday, start, end, coalesce(purpose, '');

-- name: sched_opening_put
INSERT INTO opening (room_id, weekday, start, end, purpose)
VALUES (?, ?, ?, ?, ?);

-- name: sched_room_by_code
SELECT id FROM room WHERE code = ?;

-- name: sched_hours
-- Each school's hours open on each weekday, Monday to Friday, against
-- the policy's minimum (?1 for a day school, ?2 for a school with
-- dormitories), overlapping openings counted once: school path, weekday,
-- hours, minimum, 'ok' or 'short'.
WITH RECURSIVE wd(n) AS (
	SELECT 1 UNION ALL SELECT n + 1 FROM wd WHERE n < 5),
o AS (
	SELECT r.unit_id AS school, o.weekday,
	    (CAST(substr(o.start, 1, 2) AS INTEGER) * 60 +
	        CAST(substr(o.start, 4, 2) AS INTEGER)) AS s,
	    (CAST(substr(o.end, 1, 2) AS INTEGER) * 60 +
	        CAST(substr(o.end, 4, 2) AS INTEGER)) AS e
	FROM opening o JOIN room r ON r.id = o.room_id),
-- a minute is open when some opening covers it
m(school, weekday, minute) AS (
	SELECT DISTINCT o.school, o.weekday, mm.v
	FROM o JOIN (WITH RECURSIVE x(v) AS (
	        SELECT 0 UNION ALL SELECT v + 1 FROM x WHERE v < 1439)
	    SELECT v FROM x) mm ON mm.v >= o.s AND mm.v < o.e),
schools AS (SELECT DISTINCT school FROM o),
need AS (
	SELECT s.school,
	    CASE WHEN EXISTS (SELECT 1 FROM unit d
	        WHERE d.kind IN ('dormitory', 'residence') AND
	        substr(d.path, 1, length(u.path) + 1) = u.path || '/')
	    THEN ?2 ELSE ?1 END AS hours
	FROM schools s JOIN unit u ON u.id = s.school)
SELECT u.path, wd.n,
    printf('%.1f', (SELECT count(*) FROM m
        WHERE m.school = need.school AND m.weekday = wd.n) / 60.0),
    printf('%g', need.hours),
    CASE WHEN (SELECT count(*) FROM m
        WHERE m.school = need.school AND m.weekday = wd.n) >=
        need.hours * 60 THEN 'ok' ELSE 'short' END
FROM need JOIN unit u ON u.id = need.school, wd
ORDER BY u.path, wd.n;
