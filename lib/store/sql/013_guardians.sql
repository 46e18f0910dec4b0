-- 013: the family in the warning network.
--
-- A person's guardians (a pupil's parents, grandparents ...) or, for
-- staff, emergency contacts, in the order the roster gives them.  They
-- are not rows of contact: contacts are the school's adults, found by
-- name when a file names one, and a parent who shares a teacher's name
-- must never be taken for the teacher.  person.guardian and
-- person.guardian_phone keep the first one, as before, for what reads
-- them.  source tells a roster column from an entry made by hand, which
-- a roster reload leaves alone.
CREATE TABLE guardian (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	ord       INTEGER NOT NULL,	-- 1: the first the roster names
	name      TEXT,
	relation  TEXT,			-- 父亲, 母亲, 祖父母, 其他 ...
	phone     TEXT,
	email     TEXT,
	source    TEXT NOT NULL DEFAULT 'roster' CHECK (source = 'roster' OR
	              source = 'manual' OR source = 'transfer'),
	CHECK (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)
);
CREATE UNIQUE INDEX guardian_person ON guardian(person_id, ord);

INSERT INTO guardian (person_id, ord, name, phone)
SELECT id, 1, guardian, guardian_phone FROM person
WHERE guardian IS NOT NULL OR guardian_phone IS NOT NULL;

-- A message to a guardian: the outbox row names the guardian instead of
-- a contact.  No foreign key: a roster that no longer names a guardian
-- removes the row, and the message is then reported as undeliverable,
-- not kept from being removed.
ALTER TABLE outbox ADD COLUMN guardian_id INTEGER;

-- Who was reached and how, for a step such as guardian_contacted.
ALTER TABLE case_event ADD COLUMN who TEXT;
ALTER TABLE case_event ADD COLUMN how TEXT CHECK (how IS NULL OR
    how = 'phone' OR how = 'visit' OR how = 'message' OR how = 'in_person');

-- How a guardian is written for the counsellor, the one way every
-- command and message writes it: "name (relation) phone e-mail".
-- unreachable: neither a phone nor an e-mail to reach them by.
CREATE VIEW guardian_line AS
SELECT id, person_id, ord, name, relation, phone, email,
    coalesce(name, '（无姓名）') || coalesce(' (' || relation || ')', '') ||
    coalesce(' ' || phone, '') || coalesce(' ' || email, '') AS line,
    phone IS NULL AND email IS NULL AS unreachable
FROM guardian;
