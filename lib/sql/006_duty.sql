-- 006: ph-schedule: who is on duty at each opening, the waitlist for
-- appointments, sign-ins to the small rooms, and reminders of things
-- other than appointments (group sessions, lessons, events, follow-ups).

-- The duty roster: who is on duty at a weekly opening, named by room,
-- weekday and start so that it outlives a reload of the rooms.  A
-- contact: staff, or a pupil monitor on a class rota.
CREATE TABLE duty (
	room_id    INTEGER NOT NULL REFERENCES room(id),
	weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	start      TEXT NOT NULL,
	contact_id INTEGER NOT NULL REFERENCES contact(id),
	PRIMARY KEY (room_id, weekday, start, contact_id)
) WITHOUT ROWID;

-- Waiting for an appointment: with a counsellor, or with anyone.  A
-- cancelled slot is offered to the first in line; a booking closes the
-- person's entry.
CREATE TABLE waitlist (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES person(id),
	contact_id  INTEGER REFERENCES contact(id),
	added_at    INTEGER NOT NULL,
	status      TEXT NOT NULL DEFAULT 'waiting' CHECK (status = 'waiting' OR
	                status = 'booked' OR status = 'removed'),
	offered     INTEGER REFERENCES appointment(id),	-- the last slot offered
	closed_at   INTEGER
);
CREATE UNIQUE INDEX waitlist_open ON waitlist(person_id)
	WHERE status = 'waiting';

-- The relaxation and catharsis rooms: who came in, until when.
CREATE TABLE signin (
	id        INTEGER PRIMARY KEY,
	room_id   INTEGER NOT NULL REFERENCES room(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	CHECK (start < end)
);
CREATE INDEX signin_room ON signin(room_id, end);

-- A reminder of anything but an appointment: what it is about ('group
-- session 12', 'lesson 40', 'event 3', 'followup 7 1'), written out when
-- queued.  Unique per recipient, so that remind queues each once.
ALTER TABLE outbox ADD COLUMN reminder TEXT;
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN body TEXT;
CREATE UNIQUE INDEX outbox_reminder ON outbox(reminder, contact_id)
	WHERE reminder IS NOT NULL;

-- remind reads lessons planned and events ahead by day and time
CREATE INDEX lesson_planned ON lesson(day) WHERE held = 0;
CREATE INDEX event_at ON event(at);
-- and the follow-up appointments of the last months, by start
CREATE INDEX appointment_followup ON appointment(start)
	WHERE followup_of IS NOT NULL;

-- a group's period between sessions (seconds), for iCalendar's RRULE
ALTER TABLE grp ADD COLUMN every INTEGER;
