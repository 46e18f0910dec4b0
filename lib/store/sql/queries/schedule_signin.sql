-- Named queries of sign-in to the small rooms
-- (lib/schedule/schedule_signin.c).

-- name: sched_signin_room
-- Room ?1: its id, kind and capacity, how many openings it has, whether
-- one is open on weekday ?2 at ?3, and how many are signed in at ?4 with
-- the end of the first to leave.
SELECT r.id, r.kind, r.capacity,
    (SELECT count(*) FROM opening o WHERE o.room_id = r.id),
    EXISTS (SELECT 1 FROM opening o WHERE o.room_id = r.id AND
        o.weekday = ?2 AND o.start <= ?3 AND o.end > ?3),
    (SELECT count(*) FROM signin s
        WHERE s.room_id = r.id AND s.start <= ?4 AND s.end > ?4),
    (SELECT strftime('%H:%M', min(s.end), 'unixepoch', 'localtime')
        FROM signin s
        WHERE s.room_id = r.id AND s.start <= ?4 AND s.end > ?4)
FROM room r
WHERE r.code = ?1;

-- name: sched_signin_inside
-- Where person ?1 is signed in at ?2.
SELECT r.code, strftime('%H:%M', s.end, 'unixepoch', 'localtime')
FROM signin s JOIN room r ON r.id = s.room_id
WHERE s.person_id = ?1 AND s.start <= ?2 AND s.end > ?2;

-- name: sched_signin_put
INSERT INTO signin (room_id, person_id, start, end)
VALUES (?, ?, ?3, ?3 + ?4);

-- name: sched_signin_show
SELECT r.code, p.person_no, p.name, coalesce(u.path, ''),
    strftime('%H:%M', s.start, 'unixepoch', 'localtime'),
    strftime('%H:%M', s.end, 'unixepoch', 'localtime')
FROM signin s
JOIN room r ON r.id = s.room_id
JOIN person p ON p.id = s.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE s.id = ?;
