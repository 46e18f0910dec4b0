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

-- The colour of every card, as the card view gives it, without its
-- reasons and notes: what counts per unit need, at a fraction of the
-- cost.  The rule is card's (003): the highest colour of the latest
-- answers, unless a card set after them says otherwise.
CREATE VIEW card_color (campaign_id, person_id, color) AS
WITH auto AS (
	SELECT campaign_id, person_id, max(CASE card WHEN 'red' THEN 3
	    WHEN 'yellow' THEN 2 WHEN 'blue' THEN 1 ELSE 0 END) AS rank,
	    max(id) AS last
	FROM response WHERE latest AND card IS NOT NULL
	GROUP BY campaign_id, person_id),
manual AS (
	SELECT campaign_id, person_id, color, after_response, max(id)
	FROM card_set GROUP BY campaign_id, person_id)
SELECT a.campaign_id, a.person_id,
    CASE WHEN m.after_response >= a.last THEN m.color
    ELSE CASE a.rank WHEN 3 THEN 'red' WHEN 2 THEN 'yellow'
    WHEN 1 THEN 'blue' ELSE 'none' END END
FROM auto a LEFT JOIN manual m ON m.campaign_id = a.campaign_id AND
    m.person_id = a.person_id
UNION ALL
SELECT m.campaign_id, m.person_id, m.color
FROM manual m WHERE NOT EXISTS (SELECT 1 FROM response r WHERE
    r.person_id = m.person_id AND r.campaign_id IS m.campaign_id AND
    r.latest AND r.card IS NOT NULL);
