-- 001: the foundation and ph-intake: units, people, special-group flags,
-- contacts and the roles they hold, the append-only audit trail.
-- Later programs add their tables as further numbered files.
-- CHECKs are written with OR, not IN (...): SQLite builds a temporary
-- b-tree for an IN list on every row it checks, which doubled load times.

-- Settings the programs keep between runs (last roll-over, ...).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- Where people belong: school > grade > class, school > residence >
-- dormitory, organisation (or school) > department.  path is the names
-- from the top joined with '/', unique, so that a subtree is a prefix.
CREATE TABLE unit (
	id         INTEGER PRIMARY KEY,
	parent_id  INTEGER REFERENCES unit(id),
	kind       TEXT NOT NULL CHECK (kind = 'school' OR
	               kind = 'grade' OR kind = 'class' OR kind = 'residence' OR
	               kind = 'dormitory' OR kind = 'organisation' OR
	               kind = 'department'),
	name       TEXT NOT NULL,
	path       TEXT NOT NULL UNIQUE,
	level      INTEGER,		-- grade: 1-20; class: its number or NULL
	status     TEXT NOT NULL DEFAULT 'active'
	               CHECK (status = 'active' OR status = 'graduated'),
	created_at TEXT NOT NULL
);
CREATE INDEX unit_parent ON unit(parent_id);

-- Students and staff.  person_no is the school's or employer's own number
-- (学号, 工号), unique in one database.  Nobody is ever deleted: people who
-- leave keep their archive and change status.
CREATE TABLE person (
	id             INTEGER PRIMARY KEY,
	person_no      TEXT NOT NULL UNIQUE,
	kind           TEXT NOT NULL CHECK (kind = 'student' OR kind = 'staff'),
	name           TEXT NOT NULL,
	sex            TEXT CHECK (sex = 'M' OR sex = 'F'),
	birth_date     TEXT,
	unit_id        INTEGER REFERENCES unit(id),	-- class or department
	dormitory_id   INTEGER REFERENCES unit(id),
	guardian       TEXT,
	guardian_phone TEXT,
	phone          TEXT,
	email          TEXT,
	position       TEXT,
	new_hire       INTEGER NOT NULL DEFAULT 0 CHECK (new_hire = 0 OR new_hire = 1),
	status         TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active'
	                   OR status = 'left' OR status = 'graduated'
	                   OR status = 'transferred'),
	-- hash of the normalised roster row: an unchanged reload writes nothing
	row_hash       INTEGER,
	-- seconds since the epoch, not text: a roster has a million rows,
	-- and the audit trail keeps the readable history
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
-- No index on unit_id: keeping one up to date cost a seventh of a
-- million-row load, and what asks by unit (counts, lists, coverage) reads
-- whole units, where a scan does as well.

-- Special groups (重点关注).  A flag is closed (until) rather than deleted,
-- so the archive shows when it applied.  source tells a roster column from
-- a counsellor's own entry, which a roster reload must not undo.
CREATE TABLE person_flag (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	flag      TEXT NOT NULL,
	source    TEXT NOT NULL CHECK (source = 'roster' OR
	              source = 'manual' OR source = 'transfer'),
	since     TEXT NOT NULL,
	until     TEXT,
	note      TEXT
);
CREATE UNIQUE INDEX person_flag_open ON person_flag(person_id, flag)
	WHERE until IS NULL;

-- The adults (and pupil monitors) of the warning network.
CREATE TABLE contact (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	sex       TEXT CHECK (sex = 'M' OR sex = 'F'),
	phone     TEXT,
	email     TEXT,
	person_id INTEGER REFERENCES person(id),
	created_at TEXT NOT NULL
);
CREATE INDEX contact_person ON contact(person_id);

CREATE TABLE role (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES unit(id),
	role       TEXT NOT NULL CHECK (role = 'class_teacher' OR
	               role = 'monitor' OR role = 'counsellor' OR
	               role = 'grade_head' OR role = 'leader' OR
	               role = 'union_officer' OR role = 'dorm_supervisor' OR
	               role = 'department_head'),
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	since      TEXT NOT NULL,
	until      TEXT
);
CREATE INDEX role_unit ON role(unit_id, role);
CREATE INDEX role_contact ON role(contact_id);

-- Every change to a person, a flag, a role, a card, an alert or a case.
-- Each row carries the hash of the row before it, so that an edited or
-- removed row breaks the chain (ph-intake audit verify).
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	subject   TEXT NOT NULL DEFAULT '',
	detail    TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
