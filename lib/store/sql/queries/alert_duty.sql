-- On-duty routing (lib/alert/alert_route.c): whoever is on duty now in
-- the rooms of a person's school is told of an alert too.  The duty
-- roster and the openings are ph-schedule's (006_duty.sql,
-- 005_schedule.sql); whether the school is open today is calendar.c's.

-- name: alert_on_duty_now
-- Who is on duty at ?2 (seconds since the epoch, read as local weekday
-- and time, as ph-schedule's openings are written) in an opening of a
-- room of unit ?1's school (a room belongs to a unit up ?1's tree): the
-- contact, name and person (0: none), whether it is a pupil (a student
-- on the roster, or a monitor), the roles it holds now, and where.
WITH RECURSIVE up(id) AS (
    SELECT ?1
    UNION ALL
    SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id
    WHERE u.parent_id IS NOT NULL
), now(weekday, hm) AS (
    SELECT (CAST(strftime('%w', ?2, 'unixepoch', 'localtime') AS INTEGER)
        + 6) % 7 + 1, strftime('%H:%M', ?2, 'unixepoch', 'localtime')
)
SELECT k.id, k.name, coalesce(k.person_id, 0),
    EXISTS (SELECT 1 FROM person p
        WHERE p.id = k.person_id AND p.kind = 'student')
    OR EXISTS (SELECT 1 FROM role m
        WHERE m.contact_id = k.id AND m.role = 'monitor' AND
            m.until IS NULL),
    coalesce((SELECT group_concat(DISTINCT f.role) FROM role f
        WHERE f.contact_id = k.id AND f.until IS NULL), ''),
    group_concat('room ' || r.code || ' ' || o.start || '-' || o.end, ', ')
FROM up
JOIN room r ON r.unit_id = up.id
JOIN now
JOIN opening o ON o.room_id = r.id AND o.weekday = now.weekday AND
    o.start <= now.hm AND o.end > now.hm
JOIN duty y ON y.room_id = o.room_id AND y.weekday = o.weekday AND
    y.start = o.start
JOIN contact k ON k.id = y.contact_id
GROUP BY k.id
ORDER BY k.id;

-- name: alert_contact_told
-- index: outbox
-- Whether contact ?2 has a message of alert ?1 already (any level, any
-- role): the one on duty is told once.
SELECT 1 FROM outbox WHERE alert_id = ?1 AND contact_id = ?2 LIMIT 1;
