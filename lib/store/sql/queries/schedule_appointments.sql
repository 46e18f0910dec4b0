-- Named queries of appointments: the counsellor by name, booking and
-- closing, free slots and the agenda (lib/schedule/schedule_people.c,
-- schedule_book.c, schedule_free.c, schedule_agenda.c).

-- name: sched_counsellor_named
SELECT DISTINCT c.id
FROM contact c JOIN role r ON r.contact_id = c.id
WHERE c.name = ? AND r.role = 'counsellor' AND r.until IS NULL;

-- name: sched_overlaps
-- index: appointment s g
-- What is taken in [?4, ?5): booked or done appointments of room ?1, of
-- counsellor ?2 or of client ?3, and group sessions in room ?1, each as
-- id, whose it is, start, end, start and end in words, earliest first.
-- One indexed lookup each: an appointment is at most 36000 seconds long
-- (--length 600 minutes), so one that overlaps starts after ?4 - 36000.
SELECT id, what, start, end,
    datetime(start, 'unixepoch', 'localtime'),
    strftime('%H:%M', end, 'unixepoch', 'localtime')
FROM (
	SELECT id, 'the room' AS what, start, end FROM appointment
	WHERE room_id = ?1 AND start < ?5 AND start > ?4 - 36000 AND
	    end > ?4 AND status IN ('booked', 'done')
	UNION ALL
	SELECT id, 'the counsellor', start, end FROM appointment
	WHERE contact_id = ?2 AND start < ?5 AND start > ?4 - 36000 AND
	    end > ?4 AND status IN ('booked', 'done')
	UNION ALL
	SELECT id, 'the client', start, end FROM appointment
	WHERE person_id = ?3 AND start < ?5 AND start > ?4 - 36000 AND
	    end > ?4 AND status IN ('booked', 'done')
	UNION ALL
	SELECT s.id, 'the room', s.start, s.end
	FROM grp_session s JOIN grp g ON g.id = s.group_id
	WHERE g.room_id = ?1 AND s.start < ?5 AND s.end > ?4)
ORDER BY start;

-- name: sched_counsellor_rooms
-- Room ?1, or the counselling rooms of the schools where counsellor ?2
-- holds the role, each with whether it is open on weekday ?3 from ?4 to
-- ?5.
SELECT r.id, r.code,
    EXISTS (SELECT 1 FROM opening o WHERE o.room_id = r.id AND
        o.weekday = ?3 AND o.start <= ?4 AND o.end >= ?5)
FROM room r
WHERE (?1 IS NULL AND r.kind = 'counselling' AND r.unit_id IN (
        SELECT x.id FROM role ro
        JOIN unit ru ON ru.id = ro.unit_id
        JOIN unit x ON (ru.path = x.path OR
            substr(ru.path, 1, length(x.path) + 1) = x.path || '/')
        WHERE ro.contact_id = ?2 AND ro.role = 'counsellor' AND
            ro.until IS NULL))
    OR r.code = ?1
ORDER BY r.code;

-- name: sched_other_counsellor_booked
-- The first appointment of person ?1 still booked with a counsellor
-- other than ?2.
SELECT a.id, k.name, datetime(a.start, 'unixepoch', 'localtime')
FROM appointment a JOIN contact k ON k.id = a.contact_id
WHERE a.person_id = ?1 AND a.contact_id <> ?2 AND a.status = 'booked'
ORDER BY a.start
LIMIT 1;

-- name: sched_counsellor_changes
-- This term's counsellors of person ?1 (the term of day ?2) in order:
-- the last one, and how often the counsellor changed.
WITH seen AS (
	SELECT a.contact_id AS k,
	    lag(a.contact_id) OVER (ORDER BY a.start, a.id) AS prev,
	    row_number() OVER (ORDER BY a.start DESC, a.id DESC) AS back
	FROM appointment a
	WHERE a.person_id = ?1 AND a.status IN ('booked', 'done') AND
	    date(a.start, 'unixepoch', 'localtime') >= coalesce(
	        (SELECT date_from FROM term
	        WHERE ?2 BETWEEN date_from AND date_to), '0000'))
SELECT (SELECT k FROM seen WHERE back = 1),
    (SELECT count(*) FROM seen WHERE prev <> k);

-- name: sched_person_active
SELECT id FROM person WHERE person_no = ? AND status = 'active';

-- name: sched_appointment_put
INSERT INTO appointment (person_id, contact_id, room_id, start, end,
    status, urgent, followup_of, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?8, ?8);

-- name: sched_appointment_show
SELECT a.id, p.person_no, c.name, r.code,
    datetime(a.start, 'unixepoch', 'localtime'),
    datetime(a.end, 'unixepoch', 'localtime')
FROM appointment a
JOIN person p ON p.id = a.person_id
JOIN contact c ON c.id = a.contact_id
JOIN room r ON r.id = a.room_id
WHERE a.id = ?;

-- name: sched_appointment_close
-- A cancellation keeps the why; done keeps the counsellor's note, which
-- nothing prints but the counsellor's own agenda.
UPDATE appointment
SET status = ?2, seq = seq + 1, updated_at = ?3,
    reason = CASE ?2 WHEN 'cancelled' THEN ?4 ELSE reason END,
    note = CASE ?2 WHEN 'done' THEN ?4 ELSE note END
WHERE id = ?1 AND status = 'booked';

-- name: sched_appointment_status
SELECT status FROM appointment WHERE id = ?;

-- name: sched_appointment_reminders_withdraw
-- A reminder not sent yet for what will not happen.
DELETE FROM outbox WHERE appointment_id = ? AND status = 'pending';

-- name: sched_free_openings
-- index: r ro
-- The openings on weekday ?3 of room ?1, or of the counselling rooms a
-- counsellor ?2 can use (0: any counsellor): those of the units where
-- the counsellor holds the role and of the units above them, found up
-- the parent links (a few rows, where comparing paths read every unit).
SELECT r.id, r.code, o.start, o.end
FROM room r JOIN opening o ON o.room_id = r.id
WHERE o.weekday = ?3 AND (?1 IS NULL OR r.code = ?1) AND
    (?2 = 0 OR r.unit_id IN (
        WITH RECURSIVE up(id) AS (
            SELECT ro.unit_id FROM role ro
            WHERE ro.contact_id = ?2 AND ro.role = 'counsellor' AND
                ro.until IS NULL
            UNION
            SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id
            WHERE u.parent_id IS NOT NULL)
        SELECT id FROM up)) AND
    (?1 IS NOT NULL OR r.kind = 'counselling')
ORDER BY o.start, r.code;

-- name: sched_agenda
SELECT a.id, datetime(a.start, 'unixepoch', 'localtime'),
    strftime('%H:%M', a.end, 'unixepoch', 'localtime'), r.code, c.name,
    p.person_no, p.name, coalesce(u.path, ''),
    a.status || CASE a.urgent WHEN 1 THEN ' (urgent)' ELSE '' END,
    a.followup_of
FROM appointment a
JOIN room r ON r.id = a.room_id
JOIN contact c ON c.id = a.contact_id
JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE a.start >= ?1 AND a.start < ?2 AND (?3 IS NULL OR c.name = ?3) AND
    (?4 IS NULL OR r.code = ?4)
ORDER BY a.start, r.code;

