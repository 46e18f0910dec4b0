-- Raising alerts (lib/alert/alert_raise.c): who a person is, whether the
-- same alert is open or was raised before, the alert itself.

-- name: alert_raise_person
SELECT p.id, p.kind, coalesce(p.unit_id, 0), coalesce(p.dormitory_id, 0),
    coalesce(u.path, '')
FROM person p LEFT JOIN unit u ON u.id = p.unit_id
WHERE p.person_no = ?1;

-- name: alert_raise_duplicate_possible
-- Nothing open and nothing from this source (?1, as LIKE matches it): no
-- duplicate possible, no question per person.
SELECT EXISTS (SELECT 1 FROM alert WHERE status = 'open')
    OR EXISTS (SELECT 1 FROM alert WHERE source LIKE ?1);

-- name: alert_raise_duplicate
-- Person ?1's alert for reason ?2 open or raised from source ?3; or, for
-- a red card, the open follow-up of a blank critical item (?4), which it
-- replaces (one person, one alert about their critical answers).  The
-- alert, whether its reason is ?2, its level.
SELECT id, reason_key = ?2, level
FROM alert
WHERE person_id = ?1
    AND (reason_key = ?2 AND (status = 'open' OR source = ?3)
        OR reason_key = ?4 AND status = 'open')
ORDER BY reason_key = ?2 DESC
LIMIT 1;

-- name: alert_raise_upgrade
UPDATE alert SET reason_key = ?2, reason = ?3, detail = ?4 WHERE id = ?1;

-- name: alert_raise_duplicate_unknown
-- Someone not on the roster (respondent ?1), for reason ?2 at unit ?3: a
-- held row's (?5) alert once; a number from a pipe once while open or
-- once from its source (?4): two pupils who wrote the same wrong number
-- in a file are two held rows.
SELECT 1
FROM alert
WHERE person_id IS NULL AND reason_key = ?2 AND unit_id = ?3
    AND CASE WHEN ?5 IS NOT NULL THEN held_id = ?5
        ELSE held_id IS NULL AND respondent = ?1
            AND (status = 'open' OR source = ?4) END
LIMIT 1;

-- name: alert_raise_insert
INSERT INTO alert (person_id, reason_key, source, reason, detail, level,
    status, raised_at, due, respondent, held_id, unit_id)
VALUES (?1, ?2, ?3, ?4, ?5, 0, 'open', ?6, ?6 + ?7, ?8, ?9, ?10);

-- name: alert_campaign_schools
-- The schools campaign ?1 is for (the top of each of its units' trees;
-- every school when it names no units), where answers from someone not
-- on the roster are sent: its counsellor knows who to look for.
WITH RECURSIVE up(id, parent) AS (
    SELECT u.id, u.parent_id
    FROM unit u
    WHERE u.id IN (SELECT unit_id FROM campaign_unit WHERE campaign_id = ?1)
        OR (NOT EXISTS (SELECT 1 FROM campaign_unit WHERE campaign_id = ?1)
            AND u.parent_id IS NULL)
    UNION
    SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent
)
SELECT up.id, u.path
FROM up JOIN unit u ON u.id = up.id
WHERE up.parent IS NULL
ORDER BY up.id;
