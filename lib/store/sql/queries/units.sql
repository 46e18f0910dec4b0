-- Units found or created during a load, and unit paths as users write
-- them (lib/store/units.c).

-- name: units_find
-- index: unit
SELECT id FROM unit WHERE path = ?1;

-- name: units_insert
INSERT INTO unit (parent_id, kind, name, path, level, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: units_top_named
SELECT id, name FROM unit WHERE parent_id IS NULL AND name = ?1;

-- name: units_child_named
-- index: unit
SELECT id, name FROM unit WHERE parent_id = ?1 AND name = ?2;

-- name: units_grade_of_level
-- index: unit
-- The active grade of level ?2 under unit ?1 ("初一" for 七年级).
SELECT id, name FROM unit
WHERE parent_id = ?1 AND kind = 'grade' AND level = ?2 AND
    status = 'active';

-- name: units_class_named
-- index: unit
-- The class ?2 under unit ?1 ("3" for 3班).
SELECT id, name FROM unit
WHERE parent_id = ?1 AND kind = 'class' AND name = ?2;
