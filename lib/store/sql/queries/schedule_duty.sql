-- Named queries of the duty roster (lib/schedule/schedule_duty.c).

-- name: sched_opening_at
SELECT 1 FROM opening WHERE room_id = ? AND weekday = ? AND start = ?;

-- name: sched_duty_contact
-- The contacts called ?2 with a role now in room ?1's school: a teacher,
-- a counsellor, a monitor of one of its classes, or above it.
SELECT DISTINCT k.id
FROM contact k
JOIN role ro ON ro.contact_id = k.id AND ro.until IS NULL
JOIN unit u ON u.id = ro.unit_id
JOIN room r ON r.id = ?1
JOIN unit s ON s.id = r.unit_id
WHERE k.name = ?2 AND (u.path = s.path OR
    substr(u.path, 1, length(s.path) + 1) = s.path || '/' OR
    substr(s.path, 1, length(u.path) + 1) = u.path || '/');

-- name: sched_duty_clear
DELETE FROM duty WHERE room_id = ?;

-- name: sched_duty_put
INSERT INTO duty (room_id, weekday, start, contact_id) VALUES (?, ?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: sched_duty_openings
-- The openings on weekday ?1 with who is on duty at each.
SELECT r.code, o.start, o.end, coalesce(o.purpose, ''),
    coalesce((SELECT group_concat(k.name, ', ') FROM (
        SELECT k.name FROM duty y JOIN contact k ON k.id = y.contact_id
        WHERE y.room_id = o.room_id AND y.weekday = o.weekday AND
            y.start = o.start
        ORDER BY k.name) k), '') AS who
FROM opening o JOIN room r ON r.id = o.room_id
WHERE o.weekday = ?1
ORDER BY r.code, o.start;
