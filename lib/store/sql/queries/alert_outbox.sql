-- The outbox as a notification log (lib/alert/alert_outbox.c): listed,
-- cancelled by hand or by an ack; reminders combined into digests
-- (alert_digest.c); late case steps queued (alert_case.c).

-- name: outbox_list
-- The messages, newest first: ?1 a mask of statuses (1 pending, 2 sent,
-- 4 failed, 8 cancelled; 0 any), ?2 to the contacts of that name (NULL
-- any), ?3 of that alert (NULL any).  A reminder carried by a digest
-- shows as its digest is, and says which.
SELECT o.id, datetime(o.created_at, 'unixepoch', 'localtime'),
    coalesce(d.status, o.status), coalesce(c.name, g.name, g.relation, ''),
    o.role,
    CASE WHEN o.alert_id IS NOT NULL THEN 'alert ' || o.alert_id
    WHEN o.appointment_id IS NOT NULL THEN 'appointment ' || o.appointment_id
    WHEN o.case_id IS NOT NULL THEN 'case ' || o.case_id || ': ' ||
        coalesce(o.subject, '')
    ELSE coalesce(o.subject, o.reminder, '') END,
    coalesce(d.attempts, o.attempts),
    coalesce(datetime(CASE WHEN o.digest_id IS NOT NULL
        THEN coalesce(d.sent_at, d.closed_at)
        ELSE coalesce(o.sent_at, o.closed_at) END,
        'unixepoch', 'localtime'), ''),
    CASE WHEN o.digest_id IS NOT NULL THEN 'in digest ' || o.digest_id
    ELSE coalesce(o.last_error, o.closed_by, '') END
FROM outbox o
LEFT JOIN contact c ON c.id = o.contact_id
LEFT JOIN guardian g ON g.id = o.guardian_id
LEFT JOIN outbox d ON d.id = o.digest_id
WHERE (?1 = 0 OR (?1 & (CASE coalesce(d.status, o.status)
        WHEN 'pending' THEN 1 WHEN 'sent' THEN 2 WHEN 'failed' THEN 4
        ELSE 8 END)) <> 0)
    AND (?2 IS NULL OR o.contact_id IN (SELECT id FROM contact
        WHERE name = ?2))
    AND (?3 IS NULL OR o.alert_id = ?3)
ORDER BY o.created_at DESC, o.id DESC;

-- name: outbox_contact_named
SELECT 1 FROM contact WHERE name = ?1 LIMIT 1;

-- name: outbox_message
-- Message ?1 as cancel sees it: status, the digest carrying it, when it
-- was sent or closed, by whom.
SELECT status, digest_id,
    coalesce(datetime(coalesce(sent_at, closed_at), 'unixepoch',
        'localtime'), ''),
    coalesce(closed_by, last_error, '')
FROM outbox WHERE id = ?1;

-- name: outbox_cancel
-- Message ?1, unsent, cancelled at ?2 by ?3.  A message a deliver run
-- holds keeps its claim: if it went, the run records it sent.
UPDATE outbox SET status = 'cancelled', closed_at = ?2, closed_by = ?3
WHERE id = ?1 AND status = 'pending';

-- name: outbox_retry
-- Message ?1, failed for good or cancelled, to be sent at the next run
-- after all (at ?2, by ?3: the note says who retried it after its last
-- error).  Its attempts are kept.
UPDATE outbox SET status = 'pending', next_try = ?2, claim = NULL,
    claimed_until = NULL, closed_at = NULL, closed_by = NULL,
    last_error = coalesce(last_error || '; ', '') || ?3
WHERE id = ?1 AND status IN ('failed', 'cancelled') AND digest_id IS NULL;

-- name: outbox_cancel_alert
-- index: outbox
-- The unsent messages of alert ?1, cancelled at ?2 by ?3 (an ack).
UPDATE outbox SET status = 'cancelled', closed_at = ?2, closed_by = ?3
WHERE alert_id = ?1 AND status = 'pending';

-- name: digest_recipients
-- Who has more than one unsent, unclaimed (at ?1) written reminder or
-- digest: their contact.  Alerts, appointments and case steps are never
-- combined.  Only the pending messages are read (their partial index),
-- never the log of years.
SELECT contact_id FROM outbox INDEXED BY outbox_pending
WHERE status = 'pending' AND reminder IS NOT NULL AND subject IS NOT NULL
    AND +alert_id IS NULL AND +appointment_id IS NULL AND case_id IS NULL
    AND (claimed_until IS NULL OR claimed_until < ?1)
GROUP BY contact_id
HAVING count(*) > 1;

-- name: digest_parts
-- index: outbox
-- Contact ?1's unsent, unclaimed (at ?2) written reminders and digests,
-- oldest first: id, whether it is a digest, role.
SELECT id, reminder LIKE 'digest %', role FROM outbox
WHERE contact_id = ?1 AND status = 'pending' AND reminder IS NOT NULL
    AND subject IS NOT NULL AND +alert_id IS NULL
    AND +appointment_id IS NULL AND case_id IS NULL
    AND (claimed_until IS NULL OR claimed_until < ?2)
ORDER BY id;

-- name: digest_new
-- A digest for contact ?1 with role ?2, queued at ?3; its text is
-- written by digest_write.  Its key names its first reminder, ?4.
INSERT INTO outbox (reminder, contact_id, role, subject, body, created_at,
    next_try)
VALUES ('digest of ' || ?4, ?1, ?2, '', '', ?3, ?3);

-- name: digest_take
-- Reminder ?1 (or every reminder of digest ?1) now carried by digest ?2,
-- closed at ?3; a digest emptied so is closed too.
UPDATE outbox SET digest_id = ?2, status = 'cancelled', closed_at = ?3,
    closed_by = 'in digest ' || ?2
WHERE (id = ?1 AND reminder NOT LIKE 'digest %') OR digest_id = ?1;

-- name: digest_merged
-- Digest ?1, its reminders moved into digest ?2 at ?3.
UPDATE outbox SET status = 'cancelled', closed_at = ?3,
    closed_by = 'merged into digest ' || ?2
WHERE id = ?1;

-- name: digest_items
-- index: outbox
-- What digest ?1 carries, in the order queued.
SELECT subject, body FROM outbox WHERE digest_id = ?1 ORDER BY id;

-- name: digest_write
UPDATE outbox SET subject = ?2, body = ?3, next_try = min(next_try, ?4)
WHERE id = ?1;

-- name: case_open_steps
-- index: k
-- The open cases opened before ?1: case, kind, opened, by whom, the
-- person's name, number, unit path and unit.
SELECT k.id, k.kind, k.opened_at, k.opened_by, p.name, p.person_no,
    coalesce(u.path, ''), p.unit_id
FROM ph_case k
JOIN person p ON p.id = k.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE k.status = 'open' AND k.opened_at < ?1
ORDER BY k.opened_at, k.id;

-- name: case_owner
-- The counsellors named ?1 (who opened a case): contact, name.
SELECT DISTINCT c.id, c.name FROM contact c
JOIN role r ON r.contact_id = c.id AND r.role = 'counsellor'
    AND r.until IS NULL
WHERE c.name = ?1
ORDER BY c.id;

-- name: case_late_queue
-- Late step ?2 of case ?1 to contact ?3, written out now (?6), once.
INSERT INTO outbox (case_id, reminder, contact_id, role, subject, body,
    created_at, next_try)
VALUES (?1, 'case ' || ?1 || ' step ' || ?2, ?3, 'counsellor', ?4, ?5, ?6,
    ?6)
ON CONFLICT DO NOTHING;

-- name: case_late_untold
-- Late step ?2 of case ?1 has nobody to tell at ?3: kept once as a message
-- failed for good with no recipient, so that escalate, run every minute,
-- says so once (and ph-alert outbox --failed lists it), not every run.
INSERT INTO outbox (case_id, reminder, role, status, created_at, next_try,
    closed_at, closed_by, last_error)
SELECT ?1, 'case ' || ?1 || ' step ' || ?2, 'counsellor', 'failed', ?3, ?3,
    ?3, 'escalate', 'no counsellor can be told'
WHERE NOT EXISTS (SELECT 1 FROM outbox
    WHERE reminder = 'case ' || ?1 || ' step ' || ?2 AND contact_id IS NULL);

-- name: case_late_withdraw
-- index: outbox
-- A late step's message not sent yet is withdrawn at ?1 once the step is
-- recorded or the case closed.
UPDATE outbox SET status = 'cancelled', closed_at = ?1,
    closed_by = 'case step recorded or case closed'
WHERE status = 'pending' AND case_id IS NOT NULL
    AND (EXISTS (SELECT 1 FROM case_event e
            WHERE e.case_id = outbox.case_id
                AND outbox.reminder = 'case ' || e.case_id || ' step ' ||
                    e.kind)
        OR EXISTS (SELECT 1 FROM ph_case k
            WHERE k.id = outbox.case_id AND k.status = 'closed'));
