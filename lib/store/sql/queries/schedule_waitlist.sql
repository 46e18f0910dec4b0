-- Named queries of the waitlist (lib/schedule/schedule_waitlist.c).

-- name: sched_waitlist_waiting_since
SELECT datetime(added_at, 'unixepoch', 'localtime')
FROM waitlist WHERE person_id = ? AND status = 'waiting';

-- name: sched_waitlist_put
INSERT INTO waitlist (person_id, contact_id, added_at) VALUES (?, ?, ?);

-- name: sched_waitlist_list
-- A person waiting for anyone is in every counsellor's line.
SELECT row_number() OVER (ORDER BY w.added_at, w.id), p.person_no, p.name,
    coalesce(u.path, ''), coalesce(k.name, ''),
    datetime(w.added_at, 'unixepoch', 'localtime'),
    coalesce((SELECT a.id || ' ' || strftime('%Y-%m-%d %H:%M', a.start,
        'unixepoch', 'localtime')
        FROM appointment a WHERE a.id = w.offered), '')
FROM waitlist w
JOIN person p ON p.id = w.person_id
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN contact k ON k.id = w.contact_id
WHERE w.status = 'waiting' AND
    (?1 IS NULL OR w.contact_id IS NULL OR k.name = ?1)
ORDER BY w.added_at, w.id;

-- name: sched_waitlist_close
UPDATE waitlist SET status = ?2, closed_at = ?3
WHERE person_id = ?1 AND status = 'waiting';

-- name: sched_waitlist_first_for
-- The first in line for the counsellor of appointment ?1 or for anyone,
-- who has nothing booked with another counsellor and no other slot on
-- offer; only a slot still ahead of ?2.
SELECT w.id
FROM appointment a
JOIN waitlist w ON w.status = 'waiting' AND
    (w.contact_id IS NULL OR w.contact_id = a.contact_id) AND
    w.person_id <> a.person_id
WHERE a.id = ?1 AND a.start > ?2 AND
    NOT EXISTS (SELECT 1 FROM appointment b
        WHERE b.person_id = w.person_id AND b.status = 'booked' AND
        b.contact_id <> a.contact_id) AND
    coalesce((SELECT o.start FROM appointment o
        WHERE o.id = w.offered AND o.status = 'cancelled'), 0) <= ?2
ORDER BY w.added_at, w.id
LIMIT 1;

-- name: sched_waitlist_offered
UPDATE waitlist SET offered = ?2 WHERE id = ?1;

-- name: sched_waitlist_offer_show
SELECT a.id, strftime('%Y-%m-%d %H:%M', a.start, 'unixepoch', 'localtime'),
    r.code, k.name, p.person_no, p.name, coalesce(u.path, ''),
    datetime(w.added_at, 'unixepoch', 'localtime')
FROM waitlist w
JOIN appointment a ON a.id = w.offered
JOIN room r ON r.id = a.room_id
JOIN contact k ON k.id = a.contact_id
JOIN person p ON p.id = w.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE w.id = ?;
