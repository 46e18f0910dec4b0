-- 004: ph-alert: alerts along the warning network, the outbox that
-- delivers them, free-text notes, and crisis and referral cases.

-- An alert: a person needs an adult's attention, for a reason, from a
-- source.  level is how far up the network it has gone (0: the first
-- level of the policy); due is when the current level must acknowledge.
CREATE TABLE alert (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES person(id),
	reason_key TEXT NOT NULL,	-- card:red, critical, keyword:ID
	source     TEXT NOT NULL,	-- campaign:CODE, note:ID, file:LINE
	reason     TEXT NOT NULL,	-- in words, for people
	detail     TEXT,		-- scores and answers: the counsellor's
	level      INTEGER NOT NULL,
	status     TEXT NOT NULL CHECK (status = 'open' OR status = 'acked'),
	raised_at  INTEGER NOT NULL,	-- seconds since the epoch
	due        INTEGER,		-- NULL: the last level, nothing above
	acked_at   INTEGER,
	acked_by   TEXT,
	ack_note   TEXT
);
-- the same person and reason never twice while open
CREATE UNIQUE INDEX alert_open ON alert(person_id, reason_key)
	WHERE status = 'open';
-- and never twice from the same source: a person has few alerts, the
-- rest is read from the rows
CREATE INDEX alert_person ON alert(person_id);
-- escalate reads only what is due
CREATE INDEX alert_due ON alert(due) WHERE status = 'open';

-- What happened to an alert: raised, told (a level's recipients), gap (a
-- role nobody holds), escalated, acked.
CREATE TABLE alert_event (
	id       INTEGER PRIMARY KEY,
	alert_id INTEGER NOT NULL REFERENCES alert(id),
	at       INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	level    INTEGER,
	detail   TEXT
);
CREATE INDEX alert_event_alert ON alert_event(alert_id);

-- Messages waiting to be sent.  The text is made when it is sent, from
-- the alert or case and the policy's template for the recipient's role:
-- a million red cards queue rows, not a million letters.  A message is
-- claimed by one deliver run (claim, until claimed_until) and marked sent
-- only after its command succeeded.
CREATE TABLE outbox (
	id            INTEGER PRIMARY KEY,
	alert_id      INTEGER REFERENCES alert(id),
	case_id       INTEGER,
	contact_id    INTEGER REFERENCES contact(id),
	role          TEXT NOT NULL,
	level         INTEGER,
	created_at    INTEGER NOT NULL,
	status        TEXT NOT NULL DEFAULT 'pending'
	                  CHECK (status = 'pending' OR status = 'sent'),
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_try      INTEGER NOT NULL,
	claim         TEXT,
	claimed_until INTEGER,
	sent_at       INTEGER,
	last_error    TEXT
);
CREATE INDEX outbox_pending ON outbox(next_try) WHERE status = 'pending';
CREATE INDEX outbox_alert ON outbox(alert_id);

-- Observations in words: a teacher, a monitor, a dormitory supervisor.
CREATE TABLE note (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	text      TEXT NOT NULL,
	by        TEXT NOT NULL,
	at        INTEGER NOT NULL
);

-- A crisis or a referral, with its steps until it is closed.
CREATE TABLE ph_case (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES person(id),
	kind       TEXT NOT NULL CHECK (kind = 'crisis' OR kind = 'referral'),
	alert_id   INTEGER REFERENCES alert(id),
	status     TEXT NOT NULL CHECK (status = 'open' OR status = 'closed'),
	opened_at  INTEGER NOT NULL,
	opened_by  TEXT NOT NULL,
	outcome    TEXT,
	closed_at  INTEGER,
	closed_by  TEXT
);
CREATE INDEX ph_case_person ON ph_case(person_id);

CREATE TABLE case_event (
	id      INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES ph_case(id),
	kind    TEXT NOT NULL,
	at      INTEGER NOT NULL,
	by      TEXT NOT NULL,
	note    TEXT
);
CREATE INDEX case_event_case ON case_event(case_id);
