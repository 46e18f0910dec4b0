-- 012: the outbox as a notification log, and a name for this database.
--
-- A message now ends one of three ways: sent; failed for good (it can
-- never go: a recipient with no address for the way it is sent), kept
-- so that it is reported once and listed, never retried blindly; or
-- cancelled (by hand, or because its alert was acknowledged), kept so
-- that the log shows what did not go and why.  closed_at and closed_by
-- say when and by whom or what.  SQLite changes a CHECK only by
-- rebuilding the table.
CREATE TABLE outbox_012 (
	id             INTEGER PRIMARY KEY,
	alert_id       INTEGER REFERENCES alert(id),
	case_id        INTEGER,
	contact_id     INTEGER REFERENCES contact(id),
	role           TEXT NOT NULL,
	level          INTEGER,
	created_at     INTEGER NOT NULL,
	status         TEXT NOT NULL DEFAULT 'pending'
	                   CHECK (status IN ('pending', 'sent', 'failed',
	                   'cancelled')),
	attempts       INTEGER NOT NULL DEFAULT 0,
	next_try       INTEGER NOT NULL,
	claim          TEXT,
	claimed_until  INTEGER,
	sent_at        INTEGER,
	last_error     TEXT,
	appointment_id INTEGER REFERENCES appointment(id),
	reminder       TEXT,
	subject        TEXT,
	body           TEXT,
	closed_at      INTEGER,
	closed_by      TEXT
);
INSERT INTO outbox_012 (id, alert_id, case_id, contact_id, role, level,
    created_at, status, attempts, next_try, claim, claimed_until, sent_at,
    last_error, appointment_id, reminder, subject, body)
SELECT id, alert_id, case_id, contact_id, role, level, created_at, status,
    attempts, next_try, claim, claimed_until, sent_at, last_error,
    appointment_id, reminder, subject, body
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_012 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(next_try) WHERE status = 'pending';
CREATE INDEX outbox_alert ON outbox(alert_id);
CREATE UNIQUE INDEX outbox_appointment ON outbox(appointment_id, contact_id)
	WHERE appointment_id IS NOT NULL;
CREATE UNIQUE INDEX outbox_reminder ON outbox(reminder, contact_id)
	WHERE reminder IS NOT NULL;
CREATE INDEX outbox_contact ON outbox(contact_id, created_at);

-- A name for this database, made at random when it is created (or
-- migrated to 012), never changed: Message-IDs carry it, so that two
-- schools' files never give two different messages one id.
CREATE TABLE database_identity (
	uid TEXT NOT NULL CHECK (length(uid) = 32)
);
INSERT INTO database_identity (uid) VALUES (lower(hex(randomblob(16))));
CREATE TRIGGER database_identity_fixed BEFORE UPDATE ON database_identity
BEGIN
	SELECT RAISE(ABORT, 'the database identity never changes');
END;
