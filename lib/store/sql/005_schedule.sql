-- 005: ph-schedule: the term's calendar, rooms and their weekly openings,
-- appointments, and the reminders queued for them in ph-alert's outbox.

-- A term: its first and last day.  Which days in it the school is open
-- follows the week (Monday to Friday) and calendar_day's exceptions.
CREATE TABLE term (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	date_from  TEXT NOT NULL,
	date_to    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK (date_from <= date_to)
);

-- A holiday on a weekday, or a make-up working day (调休) on a weekend.
CREATE TABLE calendar_day (
	day  TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind = 'holiday' OR kind = 'workday'),
	note TEXT
) WITHOUT ROWID;

CREATE TABLE room (
	id       INTEGER PRIMARY KEY,
	code     TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	unit_id  INTEGER REFERENCES unit(id),	-- its school
	kind     TEXT NOT NULL CHECK (kind = 'counselling' OR kind = 'group' OR
	             kind = 'relaxation' OR kind = 'catharsis' OR
	             kind = 'assessment'),
	capacity INTEGER NOT NULL CHECK (capacity > 0)
);

-- Weekly openings: ISO weekday (1 Monday .. 7 Sunday), local times.
CREATE TABLE opening (
	id      INTEGER PRIMARY KEY,
	room_id INTEGER NOT NULL REFERENCES room(id),
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start   TEXT NOT NULL,	-- HH:MM
	end     TEXT NOT NULL,
	purpose TEXT,
	CHECK (start < end)
);
CREATE INDEX opening_room ON opening(room_id, weekday);

-- An appointment (预约): a person with a counsellor in a room.  note is
-- the counsellor's, sensitive: never in a report or a reminder.  seq
-- counts changes, for iCalendar's SEQUENCE.
CREATE TABLE appointment (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person(id),
	contact_id  INTEGER NOT NULL REFERENCES contact(id),
	room_id     INTEGER NOT NULL REFERENCES room(id),
	start       INTEGER NOT NULL,	-- seconds since the epoch
	end         INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status = 'booked' OR
	                status = 'cancelled' OR status = 'done' OR
	                status = 'noshow'),
	urgent      INTEGER NOT NULL DEFAULT 0,
	followup_of TEXT,
	reason      TEXT,		-- why cancelled
	note        TEXT,
	seq         INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	CHECK (start < end)
);
CREATE INDEX appointment_room ON appointment(room_id, start);
CREATE INDEX appointment_contact ON appointment(contact_id, start);
CREATE INDEX appointment_person ON appointment(person_id, start);
-- remind reads only what is booked
CREATE INDEX appointment_booked ON appointment(start) WHERE status = 'booked';

-- Reminders go out through ph-alert's outbox, once per appointment and
-- recipient.
ALTER TABLE outbox ADD COLUMN appointment_id INTEGER REFERENCES appointment(id);
CREATE UNIQUE INDEX outbox_appointment ON outbox(appointment_id, contact_id)
	WHERE appointment_id IS NOT NULL;

-- Psychology lessons per class: planned (by lesson plan) and held (by
-- lesson record).
CREATE TABLE lesson (
	id       INTEGER PRIMARY KEY,
	unit_id  INTEGER NOT NULL REFERENCES unit(id),	-- the class
	term_id  INTEGER REFERENCES term(id),
	day      TEXT NOT NULL,
	planned  INTEGER NOT NULL DEFAULT 0,
	held     INTEGER NOT NULL DEFAULT 0,
	topic    TEXT,
	by       TEXT
);
CREATE INDEX lesson_unit ON lesson(unit_id, day);

-- Home visits (家访): each pupil's family once a school year.
CREATE TABLE visit (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	day       TEXT NOT NULL,
	by        TEXT NOT NULL,
	note      TEXT,		-- sensitive: never in a report
	at        INTEGER NOT NULL
);
CREATE INDEX visit_person ON visit(person_id, day);

-- Events: lectures, trainings, theme activities, the activity month,
-- 5·25 and 10·10, for students or staff, with who attended.
CREATE TABLE event (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL CHECK (kind = 'lecture' OR kind = 'training' OR
	               kind = 'theme' OR kind = 'month' OR kind = 'day525' OR
	               kind = 'day1010' OR kind = 'other'),
	name       TEXT NOT NULL,
	at         INTEGER NOT NULL,
	unit_id    INTEGER REFERENCES unit(id),	-- whom it is for, or all
	audience   TEXT CHECK (audience IS NULL OR audience = 'student' OR
	               audience = 'staff'),
	created_at INTEGER NOT NULL
);
CREATE TABLE attendance (
	event_id  INTEGER NOT NULL REFERENCES event(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (event_id, person_id)
) WITHOUT ROWID;

-- Group counselling (团体辅导): a series of sessions in one room, its
-- members, and who came to each session.
CREATE TABLE grp (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	room_id    INTEGER NOT NULL REFERENCES room(id),
	leader     TEXT NOT NULL,
	min_size   INTEGER NOT NULL,
	max_size   INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK (min_size <= max_size)
);
CREATE TABLE grp_session (
	id       INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES grp(id),
	n        INTEGER NOT NULL,
	start    INTEGER NOT NULL,
	end      INTEGER NOT NULL
);
CREATE INDEX grp_session_start ON grp_session(start);
CREATE TABLE grp_member (
	group_id  INTEGER NOT NULL REFERENCES grp(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE TABLE grp_attendance (
	session_id INTEGER NOT NULL REFERENCES grp_session(id),
	person_id  INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;
