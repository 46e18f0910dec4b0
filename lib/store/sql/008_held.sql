-- 008: rows an import could not read in full are held, not lost, and an
-- answer from someone not on the roster still reaches an adult.
--
-- A held row keeps its file and line, the cells as exported and why it
-- was held (a cell that names no option, no person id, a person id not
-- on the roster, no answer at all).  What could be read of it is kept
-- too: its critical answers and keyword hits, which raise alerts like a
-- response's (ph-alert raise --campaign).  A later response of the same
-- person number to the same campaign and instrument resolves it.
CREATE TABLE held (
	id            INTEGER PRIMARY KEY,
	campaign_id   INTEGER NOT NULL REFERENCES campaign(id),
	file_id       INTEGER NOT NULL REFERENCES response_file(id),
	line          INTEGER NOT NULL,
	instrument    TEXT NOT NULL,
	person_no     TEXT NOT NULL,	-- as the row gives it, '' when blank
	person_id     INTEGER REFERENCES person(id),	-- NULL: not on the roster
	raw           TEXT NOT NULL,	-- JSON array of the cells, as the header
	reason        TEXT NOT NULL,
	critical      TEXT,		-- critical items answered at or above min
	critical_note TEXT,
	card          TEXT CHECK (card IS NULL OR card = 'red' OR
	                  card = 'yellow' OR card = 'blue' OR card = 'none'),
	card_reasons  TEXT,		-- what the readable answers call for
	held_at       INTEGER NOT NULL,	-- seconds since the epoch
	resolved_by   INTEGER REFERENCES response(id)
);
CREATE INDEX held_open ON held(campaign_id, instrument, person_no)
	WHERE resolved_by IS NULL;
-- why a kept card was given, and a person's archive
CREATE INDEX held_person ON held(person_id) WHERE person_id IS NOT NULL;

-- An alert about someone not on the roster has no person: respondent is
-- the number the answers gave, held_id the held row (when an import held
-- it), and unit_id where it goes (the campaign's school: its counsellor
-- first).  The table is rebuilt to let person_id be NULL (SQLite cannot
-- drop NOT NULL); migrations run with foreign keys off and are checked
-- before commit.
CREATE TABLE alert_new (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER REFERENCES person(id),	-- NULL: held_id says who
	reason_key TEXT NOT NULL,	-- card:red, critical, keyword:ID, unknown
	source     TEXT NOT NULL,	-- campaign:CODE, note:ID, file:LINE
	reason     TEXT NOT NULL,	-- in words, for people
	detail     TEXT,		-- scores and answers: the counsellor's
	level      INTEGER NOT NULL,
	status     TEXT NOT NULL CHECK (status = 'open' OR status = 'acked'),
	raised_at  INTEGER NOT NULL,	-- seconds since the epoch
	due        INTEGER,		-- NULL: the last level, nothing above
	acked_at   INTEGER,
	acked_by   TEXT,
	ack_note   TEXT,
	respondent TEXT,		-- not on the roster: the number given
	held_id    INTEGER REFERENCES held(id),
	unit_id    INTEGER REFERENCES unit(id),	-- where such an alert goes
	CHECK (person_id IS NOT NULL OR (respondent IS NOT NULL AND
	    unit_id IS NOT NULL))
);
INSERT INTO alert_new (id, person_id, reason_key, source, reason, detail,
	level, status, raised_at, due, acked_at, acked_by, ack_note)
	SELECT id, person_id, reason_key, source, reason, detail, level,
	status, raised_at, due, acked_at, acked_by, ack_note FROM alert;
DROP TABLE alert;
ALTER TABLE alert_new RENAME TO alert;
CREATE UNIQUE INDEX alert_open ON alert(person_id, reason_key)
	WHERE status = 'open';
CREATE INDEX alert_person ON alert(person_id);
CREATE INDEX alert_due ON alert(due) WHERE status = 'open';
-- a held row's alert once, whatever runs raise again
CREATE UNIQUE INDEX alert_held ON alert(held_id, reason_key, unit_id)
	WHERE held_id IS NOT NULL;
