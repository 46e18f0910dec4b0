-- Crisis and referral cases (lib/alert/alert_case.c).

-- name: case_alert_of_person
SELECT 1 FROM alert WHERE id = ?1 AND person_id = ?2;

-- name: case_open
INSERT INTO ph_case (person_id, kind, alert_id, status, opened_at, opened_by)
VALUES (?1, ?2, ?3, 'open', ?4, ?5);

-- name: case_find
SELECT kind, status FROM ph_case WHERE id = ?1;

-- name: case_event_add
INSERT INTO case_event (case_id, kind, at, by, note)
VALUES (?1, ?2, ?3, ?4, ?5);

-- name: case_step_recorded
-- Whether case ?1 has recorded step ?2 (the steps the policy asks for:
-- the next one, the missing ones).
SELECT 1 FROM case_event WHERE case_id = ?1 AND kind = ?2;

-- name: case_close
UPDATE ph_case SET status = 'closed', outcome = ?2, closed_at = ?3,
    closed_by = ?4
WHERE id = ?1;

-- name: case_list
-- The cases, open only when ?1.
SELECT k.id, p.person_no, p.name, k.kind, k.status, k.opened_at,
    coalesce(k.outcome, '')
FROM ph_case k JOIN person p ON p.id = k.person_id
WHERE (?1 = 0 OR k.status = 'open')
ORDER BY k.status DESC, k.opened_at, k.id;
