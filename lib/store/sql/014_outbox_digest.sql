-- 014: reminders combined into a digest, and the open cases found fast.
--
-- A reminder that went into a digest keeps its own row, written as it
-- was queued, so that ph-schedule remind never queues it again and the
-- outbox says what the digest told; it is closed ('cancelled', closed_by
-- "in digest N") and digest_id names the message that carries it.
ALTER TABLE outbox ADD COLUMN digest_id INTEGER REFERENCES outbox(id);
CREATE INDEX outbox_digest ON outbox(digest_id) WHERE digest_id IS NOT NULL;

-- escalate (every minute) looks for late case steps: only open cases.
CREATE INDEX ph_case_open ON ph_case(opened_at) WHERE status = 'open';
-- and withdraws a late step's message once the step is done: only the
-- few pending messages of cases, never the outbox's million of alerts.
CREATE INDEX outbox_case_pending ON outbox(case_id)
	WHERE status = 'pending' AND case_id IS NOT NULL;
