-- Named queries of the roster load (lib/intake/intake_load.c): a hot
-- path, a million rows in `make bench`, so each per-row statement says
-- which tables it must reach by an index.

-- The numbers of the bad rows this load has read (and on a reload
-- reading stdin, of every row), with the line of their first use: the
-- good rows' repeats are found among the people stored, and their first
-- use by reading the files again.
-- name: intake_load_seen_create
CREATE TEMP TABLE IF NOT EXISTS load_seen (
	person_no TEXT PRIMARY KEY,
	file TEXT NOT NULL,
	line INTEGER NOT NULL
) WITHOUT ROWID;

-- name: intake_load_seen_clear
DELETE FROM temp.load_seen;

-- name: intake_load_seen_add
INSERT OR IGNORE INTO temp.load_seen (person_no, file, line)
VALUES (?, ?, ?);

-- name: intake_load_seen_line
-- index: temp.load_seen
SELECT file, line FROM temp.load_seen WHERE person_no = ?;

-- The person with a row's number.
-- name: intake_load_person
-- index: person
SELECT id, kind, row_hash, status FROM person WHERE person_no = ?;

-- A reload's walk through the roster in number order, from number ?1
-- on: a file in that order (as exports mostly are) finds each row's
-- person by one step of one statement, not by a lookup of its own.  The
-- columns are intake_load_person's, then the number.
-- name: intake_load_walk
-- index: person
SELECT id, kind, row_hash, status, person_no FROM person
WHERE person_no >= ?1 ORDER BY person_no;

-- A new person.  A number some earlier row of a first load has is not
-- inserted again (no lookup is made for it): the loader sees that
-- nothing changed and reports the repeat.
-- name: intake_load_insert
INSERT INTO person (person_no, kind, name, sex, birth_date, unit_id,
    dormitory_id, guardian, guardian_phone, phone, email, position,
    new_hire, row_hash, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
    ?15, ?15)
ON CONFLICT (person_no) DO NOTHING;

-- A first load's new people, sixteen a statement: each row's fourteen
-- values as intake_load_insert's ?1-?14, the time ?225 for all.  One
-- statement a row cost a third of the inserting (each opens its cursors,
-- checks its transaction and halts); sixteen rows share that.  The ids
-- are given in order, so a batch that inserted every row has the ids
-- last_insert_rowid() - 15 ... last_insert_rowid().
-- name: intake_load_insert_batch
INSERT INTO person (person_no, kind, name, sex, birth_date, unit_id,
    dormitory_id, guardian, guardian_phone, phone, email, position,
    new_hire, row_hash, created_at, updated_at)
VALUES
(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?225, ?225),
(?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?225, ?225),
(?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?225, ?225),
(?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?225, ?225),
(?57, ?58, ?59, ?60, ?61, ?62, ?63, ?64, ?65, ?66, ?67, ?68, ?69, ?70, ?225, ?225),
(?71, ?72, ?73, ?74, ?75, ?76, ?77, ?78, ?79, ?80, ?81, ?82, ?83, ?84, ?225, ?225),
(?85, ?86, ?87, ?88, ?89, ?90, ?91, ?92, ?93, ?94, ?95, ?96, ?97, ?98, ?225, ?225),
(?99, ?100, ?101, ?102, ?103, ?104, ?105, ?106, ?107, ?108, ?109, ?110, ?111, ?112, ?225, ?225),
(?113, ?114, ?115, ?116, ?117, ?118, ?119, ?120, ?121, ?122, ?123, ?124, ?125, ?126, ?225, ?225),
(?127, ?128, ?129, ?130, ?131, ?132, ?133, ?134, ?135, ?136, ?137, ?138, ?139, ?140, ?225, ?225),
(?141, ?142, ?143, ?144, ?145, ?146, ?147, ?148, ?149, ?150, ?151, ?152, ?153, ?154, ?225, ?225),
(?155, ?156, ?157, ?158, ?159, ?160, ?161, ?162, ?163, ?164, ?165, ?166, ?167, ?168, ?225, ?225),
(?169, ?170, ?171, ?172, ?173, ?174, ?175, ?176, ?177, ?178, ?179, ?180, ?181, ?182, ?225, ?225),
(?183, ?184, ?185, ?186, ?187, ?188, ?189, ?190, ?191, ?192, ?193, ?194, ?195, ?196, ?225, ?225),
(?197, ?198, ?199, ?200, ?201, ?202, ?203, ?204, ?205, ?206, ?207, ?208, ?209, ?210, ?225, ?225),
(?211, ?212, ?213, ?214, ?215, ?216, ?217, ?218, ?219, ?220, ?221, ?222, ?223, ?224, ?225, ?225)
ON CONFLICT (person_no) DO NOTHING;

-- name: intake_load_update
-- index: person
UPDATE person SET name = ?3, sex = ?4, birth_date = ?5, unit_id = ?6,
    dormitory_id = ?7, guardian = ?8, guardian_phone = ?9, phone = ?10,
    email = ?11, position = ?12, new_hire = ?13, row_hash = ?14,
    updated_at = ?15, status = 'active'
WHERE person_no = ?1 AND kind = ?2;

-- What a changed person was, for the audit trail's description.
-- name: intake_load_old
-- index: p u d
SELECT p.name, p.sex, p.birth_date, u.path, d.path, p.guardian,
    p.guardian_phone, p.phone, p.email, p.position, p.new_hire, p.status
FROM person p
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit d ON d.id = p.dormitory_id
WHERE p.id = ?;

-- name: intake_load_flags_open
-- index: person_flag
SELECT id, flag, source FROM person_flag
WHERE person_id = ? AND until IS NULL;

-- name: intake_load_flag_add
INSERT INTO person_flag (person_id, flag, source, since)
VALUES (?, ?, 'roster', ?);

-- name: intake_load_flag_close
-- index: person_flag
UPDATE person_flag SET until = ? WHERE id = ?;

-- name: intake_load_unit_path
-- index: unit
SELECT path FROM unit WHERE id = ?;

-- --full: the people of a school (organisation) who were in no file.
-- name: intake_load_gone
SELECT p.id, p.person_no
FROM person p JOIN unit u ON u.id = p.unit_id
WHERE p.kind = ?1 AND p.status = 'active'
    AND (u.path = ?2 OR substr(u.path, 1, length(?2) + 1) = ?2 || '/')
    AND NOT EXISTS (SELECT 1 FROM temp.load_seen s
        WHERE s.person_no = p.person_no);

-- name: intake_load_leave
UPDATE person SET status = 'left', updated_at = ? WHERE id = ?;

-- name: intake_load_nobody_yet
SELECT NOT EXISTS (SELECT 1 FROM person);

-- A person's guardians from the roster (lib/intake/intake_guardians.c):
-- the ?2nd of person ?1, written when it differs; one entered by hand
-- keeps its place.
-- name: intake_guardian_upsert
INSERT INTO guardian (person_id, ord, name, relation, phone, email)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (person_id, ord) DO UPDATE SET name = excluded.name,
    relation = excluded.relation, phone = excluded.phone,
    email = excluded.email
WHERE guardian.source = 'roster' AND (guardian.name IS NOT excluded.name
    OR guardian.relation IS NOT excluded.relation
    OR guardian.phone IS NOT excluded.phone
    OR guardian.email IS NOT excluded.email);

-- The roster guardians of person ?1 after the first ?2: the roster no
-- longer names them.
-- name: intake_guardian_trim
-- index: guardian
DELETE FROM guardian WHERE person_id = ?1 AND ord > ?2 AND source = 'roster';

-- Person ?1's roster guardians as the audit trail describes them.
-- name: intake_guardian_summary
-- index: guardian
SELECT group_concat(coalesce(name, '') || '/' || coalesce(relation, '') ||
    '/' || coalesce(phone, '') || '/' || coalesce(email, ''), '; ')
FROM (SELECT name, relation, phone, email FROM guardian
    WHERE person_id = ?1 AND source = 'roster' ORDER BY ord);

-- Person ?1's ?2nd (the first) guardian, a lone one the roster gives by
-- name ?3 and phone ?5 (relation ?4 and e-mail ?6 are NULL), where it
-- has a row (a message named them, or the roster named more before):
-- kept in step with the roster.  A lone first guardian gets no new row.
-- name: intake_guardian_first_update
-- index: guardian
UPDATE guardian SET name = ?3, relation = ?4, phone = ?5, email = ?6
WHERE person_id = ?1 AND ord = ?2 AND source = 'roster'
    AND (name IS NOT ?3 OR relation IS NOT ?4 OR phone IS NOT ?5
    OR email IS NOT ?6);
