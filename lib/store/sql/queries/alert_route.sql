-- Routing along the warning network (lib/alert/alert_route.c), and the
-- one rule of who holds a role for a unit, which deliver and
-- ph-schedule remind use too.

-- name: role_nearest_holders
-- index: u r c
-- The holders of role ?2 for unit ?1: at the unit itself or, where it
-- has none, at the nearest unit up the tree that has any; every holder
-- of the role when ?1 is NULL (a reminder for no unit in particular,
-- the only case that reads the whole role table).  Ordered by contact,
-- with the person each contact is (0: none).  ?3, when bound, is a
-- person whose own contacts hold nothing: an alert's subject, whose
-- role goes to the next holder up the tree.
WITH RECURSIVE up(id, depth) AS (
    SELECT ?1, 0
    UNION ALL
    SELECT u.parent_id, up.depth + 1
    FROM unit u JOIN up ON u.id = up.id
    WHERE u.parent_id IS NOT NULL
), role_held(contact_id, depth) AS (
    SELECT r.contact_id, up.depth
    FROM up JOIN role r ON r.unit_id = up.id AND r.role = ?2
        AND r.until IS NULL
    UNION ALL
    SELECT anyone.contact_id, 0
    FROM role anyone
    WHERE ?1 IS NULL AND anyone.role = ?2 AND anyone.until IS NULL
), held(contact_id, depth) AS (
    SELECT h.contact_id, h.depth
    FROM role_held h JOIN contact k ON k.id = h.contact_id
    WHERE ?3 IS NULL OR k.person_id IS NOT ?3
)
SELECT DISTINCT c.id, c.name, c.phone, coalesce(c.person_id, 0)
FROM held h JOIN contact c ON c.id = h.contact_id
WHERE h.depth = (SELECT min(depth) FROM held)
ORDER BY c.id;

-- name: alert_unit_path
-- index: unit
-- Where nobody holds a role, for the gap.
SELECT path FROM unit WHERE id = ?1;

-- name: alert_outbox_queue
INSERT INTO outbox (alert_id, contact_id, role, level, created_at, next_try)
VALUES (?1, ?2, ?3, ?4, ?5, ?5);

-- name: alert_event_add
INSERT INTO alert_event (alert_id, at, kind, level, detail)
VALUES (?1, ?2, ?3, ?4, ?5);

-- name: alert_set_level
-- An alert at a level, due when that level's time is up (raised past a
-- gap, or escalated).
UPDATE alert SET level = ?2, due = ?3 WHERE id = ?1;

-- name: route_guardians
-- index: guardian
-- Person ?1's guardians, for a level that names guardian (a policy with
-- guardian_in_levels): id, their name (never the phone: raise and
-- escalate print whom they told), whether there is no phone or e-mail
-- to reach them by.
SELECT id, coalesce(name, relation, '?'), unreachable FROM guardian_line
WHERE person_id = ?1
ORDER BY ord;

-- name: alert_outbox_queue_guardian
INSERT INTO outbox (alert_id, guardian_id, role, level, created_at, next_try)
VALUES (?1, ?2, 'guardian', ?3, ?4, ?4);
