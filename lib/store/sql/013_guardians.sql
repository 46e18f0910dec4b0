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
--
-- A person whose roster names one guardian by a name and a phone only
-- (most of a district's million) has no row here: person.guardian and
-- guardian_phone say it all, and writing it twice would make a first
-- load a third slower.  The view person_guardian_line shows that one as
-- guardian_line shows the rows; a message to them first keeps them here
-- (guardian_keep_first), so that the outbox can name them by id.
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

-- The guardian person.guardian and guardian_phone name, for a person
-- with no rows in guardian, written as guardian_line writes a row (no id
-- yet: guardian_keep_first gives it one).  A plain view, so that a join
-- on person_id reaches person by its key.
CREATE VIEW person_guardian_line AS
SELECT NULL AS id, p.id AS person_id, 1 AS ord, p.guardian AS name,
    NULL AS relation, p.guardian_phone AS phone, NULL AS email,
    coalesce(p.guardian, '（无姓名）') || coalesce(' ' || p.guardian_phone,
    '') AS line,
    p.guardian_phone IS NULL AS unreachable
FROM person p
WHERE (p.guardian IS NOT NULL OR p.guardian_phone IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM guardian g WHERE g.person_id = p.id);
