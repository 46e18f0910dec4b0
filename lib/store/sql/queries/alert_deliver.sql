-- deliver (lib/alert/alert_deliver.c): the outbox, claimed by a run a
-- batch at a time, each message made when it is sent.  Each message's
-- first columns: outbox id, the contact's name, e-mail, phone, role; a
-- contact who is on the staff roster (person_id) and has no e-mail or
-- phone of its own is reached at the roster's.

-- name: deliver_alert_message
-- index: o c a
-- Message ?1 of an alert (to a contact, or to a guardian where a level
-- names guardian), with what its template may say; then the unit whose
-- nearest counsellor the message names (role_nearest_holders); last the
-- person's guardians, "; "-joined, for the roles in 'full'; last the
-- person, never named as the counsellor to ask about themselves.
SELECT o.id, coalesce(c.name, g.name, g.relation),
    CASE WHEN c.id IS NULL THEN g.email
    ELSE coalesce(nullif(c.email, ''), cp.email) END,
    CASE WHEN c.id IS NULL THEN g.phone
    ELSE coalesce(nullif(c.phone, ''), cp.phone) END,
    o.role, o.alert_id,
    coalesce(p.name, '（不在名册）'),
    coalesce(p.person_no, nullif(a.respondent, ''), '无学号'),
    coalesce(u.path, ''), a.reason, coalesce(a.detail, ''), a.level + 1,
    CASE a.status WHEN 'acked' THEN '已由' || a.acked_by || '确认'
    ELSE coalesce(datetime(a.due, 'unixepoch', 'localtime'), '') END,
    u.id,
    (SELECT group_concat(gl.line, '; ') FROM (SELECT line, ord
        FROM guardian_line WHERE person_id = a.person_id
        UNION ALL
        SELECT line, ord FROM person_guardian_line
        WHERE person_id = a.person_id ORDER BY ord) gl),
    a.person_id
FROM outbox o
LEFT JOIN contact c ON c.id = o.contact_id
LEFT JOIN person cp ON cp.id = c.person_id
LEFT JOIN guardian g ON g.id = o.guardian_id
JOIN alert a ON a.id = o.alert_id
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
WHERE o.id = ?1 AND (c.id IS NOT NULL OR g.id IS NOT NULL);

-- name: deliver_appointment_message
-- Message ?1 reminding of an appointment (ph-schedule remind): the
-- pupil, where and when, with whom.
SELECT o.id, c.name, coalesce(nullif(c.email, ''), cp.email),
    coalesce(nullif(c.phone, ''), cp.phone), o.role, p.name, p.person_no,
    coalesce(u.path, ''),
    strftime('%Y-%m-%d %H:%M', a.start, 'unixepoch', 'localtime'), r.name,
    k.name || coalesce(' ' || k.phone, ''), a.id
FROM outbox o
JOIN contact c ON c.id = o.contact_id
LEFT JOIN person cp ON cp.id = c.person_id
JOIN appointment a ON a.id = o.appointment_id
JOIN person p ON p.id = a.person_id
JOIN room r ON r.id = a.room_id
JOIN contact k ON k.id = a.contact_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE o.id = ?1;

-- name: deliver_written_message
-- Message ?1, any other reminder, or a case's message to a guardian:
-- written out when it was queued.
SELECT o.id, coalesce(c.name, g.name, g.relation),
    CASE WHEN c.id IS NULL THEN g.email
    ELSE coalesce(nullif(c.email, ''), cp.email) END,
    CASE WHEN c.id IS NULL THEN g.phone
    ELSE coalesce(nullif(c.phone, ''), cp.phone) END,
    o.role, o.subject, o.body
FROM outbox o
LEFT JOIN contact c ON c.id = o.contact_id
LEFT JOIN person cp ON cp.id = c.person_id
LEFT JOIN guardian g ON g.id = o.guardian_id
WHERE o.id = ?1 AND o.reminder IS NOT NULL AND o.subject IS NOT NULL
    AND o.body IS NOT NULL AND (c.id IS NOT NULL OR g.id IS NOT NULL);

-- name: deliver_pending
-- The messages due at ?1, for --dry-run.
SELECT id FROM outbox
WHERE status = 'pending' AND next_try <= ?1
ORDER BY next_try, id;

-- name: deliver_claim
-- Claims for run ?1, until ?2, up to ?4 messages due at ?3 that no other
-- run holds.
UPDATE outbox SET claim = ?1, claimed_until = ?2
WHERE id IN (SELECT id FROM outbox
    WHERE status = 'pending' AND next_try <= ?3
        AND (claimed_until IS NULL OR claimed_until < ?3)
    ORDER BY next_try, id
    LIMIT ?4)
RETURNING id;

-- name: deliver_sent
-- Message ?1 sent at ?3, if run ?2 still holds it.
UPDATE outbox SET status = 'sent', sent_at = ?3, claim = NULL,
    claimed_until = NULL, attempts = attempts + 1, last_error = NULL
WHERE id = ?1 AND claim = ?2;

-- name: deliver_failed
-- Message ?1 failed at ?3 with error ?4, if run ?2 still holds it: tried
-- again after ?5 seconds, doubled each attempt, at most ?6.
UPDATE outbox SET attempts = attempts + 1, last_error = ?4, claim = NULL,
    claimed_until = NULL, next_try = ?3 + min(?5 << min(attempts, 16), ?6)
WHERE id = ?1 AND claim = ?2;

-- name: deliver_hold
-- Just before message ?1 is handed to the gateway: run ?2 holds it until
-- ?3, if it still holds it and it is still to be sent.  A run whose claim
-- ran out and was taken by another run changes nothing and skips it.
UPDATE outbox SET claimed_until = ?3
WHERE id = ?1 AND claim = ?2 AND status = 'pending';

-- name: deliver_failed_for_good
-- Message ?1, held by run ?2, can never go (error ?4: no address for the
-- way it is sent): failed at ?3, never retried, listed by ph-report gaps.
UPDATE outbox SET status = 'failed', attempts = attempts + 1,
    last_error = ?4, closed_at = ?3, closed_by = 'deliver', claim = NULL,
    claimed_until = NULL
WHERE id = ?1 AND claim = ?2;

-- name: deliver_identity
-- This database's name, for Message-IDs unique across every database.
SELECT uid FROM database_identity;
