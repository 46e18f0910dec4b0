-- 002: ph-screen: screening campaigns and the responses to them, each with
-- its scores and the hash of the instrument file that produced them.

-- A screening round: who must take which instruments, between which
-- dates.  kind NULL: students and staff alike; no units: everyone.
CREATE TABLE campaign (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	kind       TEXT CHECK (kind IS NULL OR kind = 'student' OR
	               kind = 'staff'),
	date_from  TEXT NOT NULL,
	date_to    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK (date_from <= date_to)
);

CREATE TABLE campaign_instrument (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	instrument  TEXT NOT NULL,
	PRIMARY KEY (campaign_id, instrument)
) WITHOUT ROWID;

CREATE TABLE campaign_unit (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	unit_id     INTEGER NOT NULL REFERENCES unit(id),
	PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;

-- Each imported file once, with its header: survey exports name their
-- columns by whole question texts, too long to repeat on every row.
CREATE TABLE response_file (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	name        TEXT NOT NULL,
	header      TEXT NOT NULL,	-- JSON array of the column names
	imported_at INTEGER NOT NULL	-- seconds since the epoch
);

-- Every submission is kept, with where it came from (file and line) and
-- the whole record as the platform exported it (extra columns included);
-- a later submission by the same person for the same instrument becomes
-- the latest, and only the latest counts.
CREATE TABLE response (
	id            INTEGER PRIMARY KEY,
	campaign_id   INTEGER NOT NULL REFERENCES campaign(id),
	person_id     INTEGER NOT NULL REFERENCES person(id),
	instrument    TEXT NOT NULL,
	sha256        TEXT NOT NULL,
	file_id       INTEGER NOT NULL REFERENCES response_file(id),
	line          INTEGER NOT NULL,
	raw           TEXT NOT NULL,	-- JSON array of the cells, as the header
	scores        TEXT NOT NULL,	-- JSON object, scale -> value, band
	critical      TEXT,		-- flagged item ids, ';'-joined
	critical_note TEXT,
	missing       INTEGER NOT NULL,
	valid         INTEGER NOT NULL CHECK (valid = 0 OR valid = 1),
	reason        TEXT,
	latest        INTEGER NOT NULL CHECK (latest = 0 OR latest = 1),
	imported_at   INTEGER NOT NULL	-- seconds since the epoch
);
CREATE INDEX response_person ON response(person_id, campaign_id, instrument);
-- No index by campaign: coverage reads a whole campaign, where a scan
-- does as well, and an import of a million answers keeps one index less.
