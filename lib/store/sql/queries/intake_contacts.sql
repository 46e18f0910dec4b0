-- Named queries of the warning network's people (lib/intake/intake_contacts.c
-- and the contacts of an archive in intake_transfer.c).

-- A unit's kind and the level of the grade it is in (0: none).
-- name: intake_contacts_unit_kind
-- index: u g
SELECT u.kind,
    coalesce((SELECT g.level FROM unit g WHERE g.id = u.parent_id), 0)
FROM unit u
WHERE u.id = ?1;

-- A person the file names by number: on the roster now.
-- name: intake_contacts_roster_person
-- index: person
SELECT id, kind, unit_id, name FROM person
WHERE person_no = ?1 AND status = 'active';

-- name: intake_contact_of_person
-- index: contact
SELECT id FROM contact WHERE person_id = ?1 ORDER BY id LIMIT 1;

-- A contact by name, and by phone when both the file and the contact
-- have one (the same phone first).
-- name: intake_contact_by_name
SELECT id FROM contact
WHERE name = ?1 AND (phone IS ?2 OR ?2 IS NULL OR phone IS NULL)
ORDER BY phone IS ?2 DESC, id
LIMIT 1;

-- What a file says about an existing contact, written when it differs:
-- the name always, the others when the file gives them.
-- name: intake_contact_update
UPDATE contact SET name = ?2, sex = coalesce(?3, sex),
    phone = coalesce(?4, phone), email = coalesce(?5, email)
WHERE id = ?1 AND (name IS NOT ?2
    OR (?3 IS NOT NULL AND sex IS NOT ?3)
    OR (?4 IS NOT NULL AND phone IS NOT ?4)
    OR (?5 IS NOT NULL AND email IS NOT ?5));

-- name: intake_contact_add
INSERT INTO contact (name, sex, phone, email, person_id, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- Whether contact ?3 holds role ?2 for unit ?1 now.
-- name: intake_role_held
-- index: role
SELECT 1 FROM role
WHERE unit_id = ?1 AND role = ?2 AND contact_id = ?3 AND until IS NULL;

-- name: intake_role_start
INSERT INTO role (unit_id, role, contact_id, since) VALUES (?1, ?2, ?3, ?4);

-- The holders of role ?2 for unit ?1 now.
-- name: intake_role_holders
-- index: r c
SELECT r.id, r.contact_id, c.name
FROM role r JOIN contact c ON c.id = r.contact_id
WHERE r.unit_id = ?1 AND r.role = ?2 AND r.until IS NULL;

-- Ended, never deleted.
-- name: intake_role_end
UPDATE role SET until = ?1 WHERE id = ?2;

-- The holders of each role now, at or under unit path ?1 (NULL: all).
-- name: intake_roles_list
SELECT u.path, r.role, c.name, c.sex, c.phone, c.email, p.person_no, r.since
FROM role r
JOIN unit u ON u.id = r.unit_id
JOIN contact c ON c.id = r.contact_id
LEFT JOIN person p ON p.id = c.person_id
WHERE r.until IS NULL
    AND (?1 IS NULL OR u.path = ?1
        OR substr(u.path, 1, length(?1) + 1) = ?1 || '/')
ORDER BY u.path, r.role, c.name;

-- The gaps in the network at or under unit path ?1 (NULL: all), for
-- `ph-intake gaps`, the warnings after a load and ph-report: rows of
-- (unit, gap, detail).  The people are read once (a CTE used thrice is
-- kept): a million of them, in few places.
-- name: intake_gaps
WITH seen(kind, unit, dormitory) AS (
    SELECT DISTINCT kind, unit_id, dormitory_id FROM person
    WHERE status = 'active'),
students(unit) AS (SELECT unit FROM seen WHERE kind = 'student'),
boarders(unit) AS (
    SELECT dormitory FROM seen
    WHERE kind = 'student' AND dormitory IS NOT NULL),
staff(unit) AS (SELECT unit FROM seen WHERE kind = 'staff'),
held(unit, role, sex) AS (
    SELECT r.unit_id, r.role, c.sex
    FROM role r JOIN contact c ON c.id = r.contact_id
    WHERE r.until IS NULL),
classes AS (
    SELECT c.id, c.path, c.parent_id AS grade, g.parent_id AS school, g.level
    FROM unit c JOIN unit g ON g.id = c.parent_id
    WHERE c.kind = 'class' AND c.status = 'active'
        AND c.id IN (SELECT unit FROM students)),
found(path, gap, detail) AS (
    SELECT path, 'class_teacher', 'no class teacher' FROM classes
    WHERE id NOT IN (SELECT unit FROM held WHERE role = 'class_teacher')
    UNION ALL
    SELECT path, 'monitor', 'no male psychology monitor' FROM classes
    WHERE level >= 4 AND id NOT IN
        (SELECT unit FROM held WHERE role = 'monitor' AND sex = 'M')
    UNION ALL
    SELECT path, 'monitor', 'no female psychology monitor' FROM classes
    WHERE level >= 4 AND id NOT IN
        (SELECT unit FROM held WHERE role = 'monitor' AND sex = 'F')
    UNION ALL
    SELECT g.path, 'grade_head', 'no grade head' FROM unit g
    WHERE g.id IN (SELECT grade FROM classes)
        AND g.id NOT IN (SELECT unit FROM held WHERE role = 'grade_head')
    UNION ALL
    SELECT s.path, 'counsellor', 'no psychology teacher or counsellor'
    FROM unit s
    WHERE s.id IN (SELECT school FROM classes)
        AND s.id NOT IN (SELECT unit FROM held WHERE role = 'counsellor')
    UNION ALL
    SELECT s.path, 'leader', 'no school leader responsible' FROM unit s
    WHERE s.id IN (SELECT school FROM classes)
        AND s.id NOT IN (SELECT unit FROM held WHERE role = 'leader')
    UNION ALL
    SELECT d.path, 'dorm_supervisor', 'no dormitory supervisor' FROM unit d
    WHERE d.kind = 'dormitory' AND d.id IN (SELECT unit FROM boarders)
        AND d.id NOT IN
            (SELECT unit FROM held WHERE role = 'dorm_supervisor')
        AND d.parent_id NOT IN
            (SELECT unit FROM held WHERE role = 'dorm_supervisor')
    UNION ALL
    SELECT o.path, 'union_officer', 'no union officer for the staff'
    FROM unit o
    WHERE o.parent_id IS NULL
        AND (o.id IN (SELECT unit FROM staff) OR o.id IN
            (SELECT u.parent_id FROM unit u
                WHERE u.id IN (SELECT unit FROM staff)))
        AND o.id NOT IN (SELECT unit FROM held WHERE role = 'union_officer'))
SELECT f.path, f.gap, f.detail
FROM found f
LEFT JOIN unit u ON u.path = f.path
LEFT JOIN unit_order t ON t.id = u.id
WHERE ?1 IS NULL OR f.path = ?1
    OR substr(f.path, 1, length(?1) + 1) = ?1 || '/'
ORDER BY t.sortkey, f.gap, f.detail;
