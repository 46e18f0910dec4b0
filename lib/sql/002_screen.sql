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

-- Every submission is kept, with where it came from (file:line) and the
-- whole record as the platform exported it (extra columns included); a
-- later submission by the same person for the same instrument becomes
-- the latest, and only the latest counts.
CREATE TABLE response (
	id            INTEGER PRIMARY KEY,
	campaign_id   INTEGER NOT NULL REFERENCES campaign(id),
	person_id     INTEGER NOT NULL REFERENCES person(id),
	instrument    TEXT NOT NULL,
	sha256        TEXT NOT NULL,
	source        TEXT NOT NULL,
	raw           TEXT NOT NULL,	-- JSON object, header -> cell
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
CREATE INDEX response_campaign ON response(campaign_id, instrument, latest);
