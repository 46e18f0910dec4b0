-- Named queries of the school year's roll-over (lib/intake/intake_promote.c).

-- The schools, each with the highest active grade it has (NULL: none).
-- name: intake_promote_schools
SELECT s.path,
    (SELECT max(level) FROM unit g
        WHERE g.parent_id = s.id AND g.kind = 'grade' AND g.status = 'active')
FROM unit s
WHERE s.kind = 'school'
ORDER BY s.path;

-- The active grades of school ?1, the highest first.
-- name: intake_promote_grades
SELECT g.id, g.path, g.name, g.level
FROM unit g JOIN unit s ON s.id = g.parent_id
WHERE s.path = ?1 AND g.kind = 'grade' AND g.status = 'active'
ORDER BY g.level DESC;

-- The classes of grade ?1 and their active pupils.
-- name: intake_promote_count
SELECT (SELECT count(*) FROM unit WHERE parent_id = ?1),
    (SELECT count(*) FROM person WHERE status = 'active' AND
        kind = 'student' AND unit_id IN
        (SELECT id FROM unit WHERE parent_id = ?1));

-- Grade ?6, at path ?2, renamed ?3 at ?1 with level ?4 (graduated when
-- ?5), and the paths of everything below it.
-- name: intake_promote_rename
UPDATE unit SET path = ?1 || substr(path, length(?2) + 1),
    name = CASE WHEN id = ?6 THEN ?3 ELSE name END,
    level = CASE WHEN id = ?6 THEN ?4 ELSE level END,
    status = CASE WHEN ?5 THEN 'graduated' ELSE status END
WHERE path = ?2 OR substr(path, 1, length(?2) + 1) = ?2 || '/';

-- The active pupils of the classes of grade ?2 graduate at ?1.
-- name: intake_promote_graduate
UPDATE person SET status = 'graduated', updated_at = ?1
WHERE status = 'active' AND kind = 'student' AND unit_id IN
    (SELECT id FROM unit WHERE parent_id = ?2);
