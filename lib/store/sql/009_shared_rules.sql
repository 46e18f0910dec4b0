-- Rules that several queries share, kept once in the schema instead of
-- once in each query.

-- The order units are listed in: each unit's key sorts grades and classes
-- in their order (七年级 before 八年级, 2班 before 10班), then units
-- without a level by name.
CREATE VIEW unit_order (id, sortkey) AS
WITH RECURSIVE tree(id, sortkey) AS (
	SELECT id, name FROM unit WHERE parent_id IS NULL
	UNION ALL
	SELECT u.id, tree.sortkey || '/' || printf('%04d',
	    coalesce(u.level, 9999)) || u.name
	FROM unit u JOIN tree ON u.parent_id = tree.id)
SELECT id, sortkey FROM tree;

-- The same order as a number: a million rows sort by it in half the time
-- they take by the text.
CREATE VIEW unit_rank (id, rank) AS
SELECT id, row_number() OVER (ORDER BY sortkey) FROM unit_order;

-- Cards in order of concern: a person's card is the highest any answer
-- gives.
CREATE TABLE card_rank (
	color TEXT PRIMARY KEY,
	rank INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;
INSERT INTO card_rank (color, rank) VALUES
    ('none', 0), ('blue', 1), ('yellow', 2), ('red', 3);
