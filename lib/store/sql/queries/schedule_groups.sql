-- Named queries of group counselling (lib/schedule/schedule_groups.c).

-- name: sched_group_named
SELECT id, min_size, max_size FROM grp WHERE name = ?;

-- name: sched_group_put
INSERT INTO grp (name, room_id, leader, min_size, max_size, created_at,
    every)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: sched_room_taken
-- What takes room ?1 in [?2, ?3): an appointment or another group's
-- session.
SELECT 'appointment ' || id
FROM appointment
WHERE room_id = ?1 AND status IN ('booked', 'done') AND start < ?3 AND
    end > ?2
UNION ALL
SELECT 'group ' || g.name || ' session ' || s.n
FROM grp_session s JOIN grp g ON g.id = s.group_id
WHERE g.room_id = ?1 AND s.start < ?3 AND s.end > ?2
LIMIT 1;

-- name: sched_group_session_put
INSERT INTO grp_session (group_id, n, start, end) VALUES (?, ?, ?, ?);

-- name: sched_group_sessions
SELECT g.name, s.n, datetime(s.start, 'unixepoch', 'localtime'),
    strftime('%H:%M', s.end, 'unixepoch', 'localtime'), r.code
FROM grp_session s
JOIN grp g ON g.id = s.group_id
JOIN room r ON r.id = g.room_id
WHERE g.id = ?
ORDER BY s.n;

-- name: sched_group_member_put
INSERT OR IGNORE INTO grp_member (group_id, person_id) VALUES (?, ?);

-- name: sched_group_members
SELECT count(*) FROM grp_member WHERE group_id = ?;

-- name: sched_group_session_numbered
SELECT id FROM grp_session WHERE group_id = ? AND n = ?;

-- name: sched_group_attendance_put
-- Member ?3 (a person's number) of group ?2 at session ?1.
INSERT OR IGNORE INTO grp_attendance (session_id, person_id)
SELECT ?1, m.person_id
FROM grp_member m JOIN person p ON p.id = m.person_id
WHERE m.group_id = ?2 AND p.person_no = ?3;

-- name: sched_group_attended
SELECT 1
FROM grp_attendance a JOIN person p ON p.id = a.person_id
WHERE a.session_id = ? AND p.person_no = ?;
