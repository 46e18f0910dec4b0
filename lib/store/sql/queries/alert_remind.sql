-- ph-schedule remind (lib/schedule/schedule_remind.c): reminders queued
-- in ph-alert's outbox for what falls in the window ahead (?1 to ?2),
-- each once.  The counsellors told are role_nearest_holders'.

-- name: remind_queue
-- A reminder written out now, once per key (?1) and contact (?2).
INSERT INTO outbox (reminder, contact_id, role, subject, body, created_at,
    next_try)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
ON CONFLICT DO NOTHING;

-- name: remind_contact_named
SELECT id FROM contact WHERE name = ?1;

-- name: remind_appointments_due
-- Booked appointments starting in the window, once for the counsellor and
-- once for the pupil's class teacher: what, when, room, contact, role,
-- the contact's name, the appointment.  Through the partial index of
-- booked appointments by start: nothing is read when nothing is due.
SELECT 'appointment ' || a.id,
    datetime(a.start, 'unixepoch', 'localtime'), r.code, x.contact, x.role,
    k.name, a.id
FROM appointment a
JOIN room r ON r.id = a.room_id
JOIN (SELECT a2.id AS appt, a2.contact_id AS contact, 'counsellor' AS role
    FROM appointment a2
    WHERE a2.status = 'booked' AND a2.start > ?1 AND a2.start <= ?2
    UNION ALL
    SELECT a3.id, ro.contact_id, 'class_teacher'
    FROM appointment a3
    JOIN person p3 ON p3.id = a3.person_id
    JOIN role ro ON ro.unit_id = p3.unit_id AND ro.role = 'class_teacher'
        AND ro.until IS NULL
    WHERE a3.status = 'booked' AND a3.start > ?1 AND a3.start <= ?2) x
    ON x.appt = a.id
JOIN contact k ON k.id = x.contact
ORDER BY a.start, a.id, x.role;

-- name: remind_appointment_queue
-- The message is made when it is sent, so that a cancellation withdraws
-- it.
INSERT INTO outbox (appointment_id, contact_id, role, created_at, next_try)
VALUES (?1, ?2, ?3, ?4, ?4)
ON CONFLICT DO NOTHING;

-- name: remind_group_sessions_due
-- Group sessions in the window: session, group, its number, of how many,
-- time, room name, room code, leader, members.
SELECT s.id, g.name, s.n,
    (SELECT count(*) FROM grp_session x WHERE x.group_id = g.id),
    strftime('%Y-%m-%d %H:%M', s.start, 'unixepoch', 'localtime'),
    r.name, r.code, g.leader,
    (SELECT count(*) FROM grp_member m WHERE m.group_id = g.id)
FROM grp_session s
JOIN grp g ON g.id = s.group_id
JOIN room r ON r.id = g.room_id
WHERE s.start > ?1 AND s.start <= ?2
ORDER BY s.start, s.id;

-- name: remind_group_members
-- The members of session ?1 with their class teacher: person, number,
-- name, unit path, the teacher's contact and name.
SELECT p.id, p.person_no, p.name, coalesce(u.path, ''), ro.contact_id,
    k.name
FROM grp_session s
JOIN grp_member m ON m.group_id = s.group_id
JOIN person p ON p.id = m.person_id
JOIN unit u ON u.id = p.unit_id
JOIN role ro ON ro.unit_id = p.unit_id AND ro.role = 'class_teacher'
    AND ro.until IS NULL
JOIN contact k ON k.id = ro.contact_id
WHERE s.id = ?1
ORDER BY p.person_no;

-- name: remind_lessons_due
-- Lessons planned, not held, from day ?1 to day ?2.
SELECT l.id, l.day, u.path, u.id, coalesce(l.by, '')
FROM lesson l JOIN unit u ON u.id = l.unit_id
WHERE l.held = 0 AND l.day >= ?1 AND l.day <= ?2
ORDER BY l.day, u.path;

-- name: remind_events_due
SELECT e.id, e.kind, e.name,
    strftime('%Y-%m-%d %H:%M', e.at, 'unixepoch', 'localtime'),
    coalesce(e.unit_id, 0), coalesce(u.path, '')
FROM event e LEFT JOIN unit u ON u.id = e.unit_id
WHERE e.at > ?1 AND e.at <= ?2
ORDER BY e.at, e.id;

-- name: remind_person_unit
SELECT unit_id FROM person WHERE id = ?1;
