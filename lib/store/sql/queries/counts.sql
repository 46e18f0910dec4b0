-- Counts per unit of a campaign (lib/store/counts.c): coverage, cards and
-- who has not answered, read in person order and counted in C.

-- name: counts_unit_tree
-- The unit tree in its order, each unit with its parent (0 at the top).
SELECT u.id, coalesce(u.parent_id, 0), u.path, u.kind
FROM unit u JOIN unit_order t ON t.id = u.id
ORDER BY t.sortkey;

-- name: counts_population
-- index: c
-- Who should take campaign ?1 (active, of its kind, in its units), in
-- person order, and where they are counted: their unit, or their
-- dormitory when ?2 is 1.  A follow-on campaign (after_id) is for its
-- own people alone.
SELECT p.id, CASE WHEN ?2 THEN p.dormitory_id ELSE p.unit_id END
FROM person p, campaign c
WHERE c.id = ?1 AND p.status = 'active' AND
    (c.kind IS NULL OR p.kind = c.kind) AND
    p.unit_id IN (SELECT unit_id FROM campaign_scope WHERE campaign_id = ?1)
    AND (c.after_id IS NULL OR p.id IN (SELECT person_id
    FROM campaign_person WHERE campaign_id = ?1))
ORDER BY p.id;

-- name: counts_campaign_instruments
-- index: campaign_instrument
SELECT instrument FROM campaign_instrument WHERE campaign_id = ?1;

-- name: counts_answers
-- The latest valid answers to campaign ?1, in person order, through the
-- person index (which carries latest and valid): which instruments each
-- answered (an answer to take again is not one, 017_retest.sql).
SELECT person_id, instrument FROM response
WHERE campaign_id = ?1 AND latest AND valid
ORDER BY person_id;

-- name: counts_card_ranks
-- The cards in order of concern, for the counts to read each card by.
SELECT color, rank FROM card_rank;

-- name: counts_card_answers
-- The cards the latest answers to campaign ?1 gave, in person order, with
-- each answer's id (a card set after the last of them stands).
SELECT person_id, card, id FROM response
WHERE campaign_id = ?1 AND latest AND card IS NOT NULL
ORDER BY person_id;

-- name: counts_card_sets
-- The last card set by hand of each person in campaign ?1, in person
-- order, with the last answer it came after.
SELECT person_id, color, after_response FROM card_set c
WHERE campaign_id = ?1 AND id = (SELECT max(id) FROM card_set
    WHERE campaign_id = ?1 AND person_id = c.person_id)
ORDER BY person_id;

-- name: counts_people_here
-- The people here now, as coverage counts them (a pupil who moved to
-- another school is counted there), with a special-group flag ?1 open
-- when it is given, in person order; in their dormitory when ?2 is 1.
SELECT p.id, CASE WHEN ?2 THEN p.dormitory_id ELSE p.unit_id END
FROM person p
WHERE p.status = 'active' AND (?1 IS NULL OR EXISTS (SELECT 1
    FROM person_flag f WHERE f.person_id = p.id AND f.flag = ?1 AND
    f.until IS NULL))
ORDER BY p.id;

-- name: counts_missing
-- index: ci r
-- Who should take campaign ?1 and has not answered every instrument, at
-- or under unit path ?2 (NULL: all): unit path, person number, name, the
-- instruments missing, an answer to take again as "phq9 (retest)"; in
-- the tree's order.
WITH c AS (SELECT * FROM campaign WHERE id = ?1),
pop(person, unit) AS (
	SELECT p.id, p.unit_id FROM person p, c
	WHERE p.status = 'active' AND (c.kind IS NULL OR p.kind = c.kind)
	AND p.unit_id IN (SELECT unit_id FROM campaign_scope
	    WHERE campaign_id = ?1)
	AND (c.after_id IS NULL OR p.id IN (SELECT person_id
	    FROM campaign_person WHERE campaign_id = ?1))),
need(n) AS (SELECT count(*) FROM campaign_instrument
    WHERE campaign_id = ?1),
done(person) AS (SELECT person_id FROM response
    WHERE campaign_id = ?1 AND latest AND valid GROUP BY person_id
    HAVING count(DISTINCT instrument) = (SELECT n FROM need))
SELECT u.path, p.person_no, p.name,
    (SELECT group_concat(ci.instrument || CASE WHEN EXISTS (SELECT 1
        FROM response r WHERE r.campaign_id = ?1 AND r.person_id = p.id
        AND r.instrument = ci.instrument AND r.latest) THEN ' (retest)'
        ELSE '' END, ',')
    FROM campaign_instrument ci
    WHERE ci.campaign_id = ?1 AND NOT EXISTS (SELECT 1 FROM response r
        WHERE r.campaign_id = ?1 AND r.person_id = p.id AND
        r.instrument = ci.instrument AND r.latest AND r.valid))
FROM pop JOIN person p ON p.id = pop.person
JOIN unit u ON u.id = pop.unit JOIN unit_order t ON t.id = u.id
WHERE pop.person NOT IN done AND (?2 IS NULL OR u.path = ?2 OR
    substr(u.path, 1, length(?2) + 1) = ?2 || '/')
ORDER BY t.sortkey, p.person_no;

-- name: counts_campaign
-- The campaign with code ?1, else (?1 NULL) the latest begun by day ?2
-- (or, when none has begun, the latest).  Next term's campaign, created
-- ahead, is not yet the latest: the reports and the follow-ups stay on
-- the one under way.
SELECT id FROM campaign
WHERE code = ?1 OR (?1 IS NULL AND id = (SELECT id FROM campaign
    ORDER BY date_from <= ?2 DESC, date_from DESC, id DESC LIMIT 1));
