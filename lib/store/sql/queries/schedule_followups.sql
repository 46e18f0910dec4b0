-- Named queries of the follow-ups a red card requires
-- (lib/schedule/schedule_followups.c).

-- name: sched_followup_appointments
-- The appointments of person ?1 booked as follow-ups of campaign ?2.
SELECT id, status, date(start, 'unixepoch', 'localtime')
FROM appointment
WHERE person_id = ? AND followup_of = ? AND status IN ('booked', 'done')
ORDER BY start;

-- piece: red_card_rows
-- A red card's row: person id, number, name, unit, campaign code, the
-- card's day.
SELECT p.id, p.person_no, p.name, coalesce(u.path, ''), k.code,
    date(card.at, 'unixepoch', 'localtime')
FROM red_card card
JOIN campaign k ON k.id = card.campaign_id
JOIN person p ON p.id = card.person_id
LEFT JOIN unit u ON u.id = p.unit_id

-- name: sched_red_cards
-- The red cards of campaign ?1, as red_card_rows.
-- use: red_card_rows
LEFT JOIN unit_rank t ON t.id = u.id
WHERE p.status = 'active' AND card.campaign_id = ?1
ORDER BY t.rank, p.person_no;

-- name: sched_red_cards_before
-- The same, of the cards given before ?2: the answers and cards set by
-- then, found first, spare looking up when each other card was given.
-- use: red_card_rows
LEFT JOIN unit_rank t ON t.id = u.id
WHERE p.status = 'active' AND card.campaign_id = ?1 AND card.at < ?2 AND
    card.person_id IN (
        SELECT person_id FROM response
        WHERE campaign_id = ?1 AND latest AND imported_at < ?2
        UNION ALL
        SELECT person_id FROM card_set
        WHERE campaign_id = ?1 AND set_at < ?2)
ORDER BY t.rank, p.person_no;

-- name: sched_red_card_of
-- The same, of person ?2 only: no order of units to work out.
-- use: red_card_rows
WHERE p.status = 'active' AND card.campaign_id = ?1 AND
    card.person_id = ?2
ORDER BY p.person_no;

-- name: sched_cards_given_since
-- Whether campaign ?1 has a card given at or after ?2.  An answer's time
-- is its file's, so the files tell without reading the answers.
SELECT EXISTS (SELECT 1 FROM response_file
        WHERE campaign_id = ?1 AND imported_at >= ?2) OR
    EXISTS (SELECT 1 FROM card_set WHERE campaign_id = ?1 AND set_at >= ?2);

-- name: sched_cards_given_before
SELECT EXISTS (SELECT 1 FROM response_file
        WHERE campaign_id = ?1 AND imported_at < ?2) OR
    EXISTS (SELECT 1 FROM card_set WHERE campaign_id = ?1 AND set_at < ?2);

-- name: sched_followup_persons_since
-- The persons of campaign ?1 with a follow-up since ?2, by start through
-- the index of follow-ups: the index of persons would read every
-- appointment for the DISTINCT.
SELECT DISTINCT person_id
FROM appointment INDEXED BY appointment_followup
WHERE followup_of IS NOT NULL AND start >= ?2 AND
    followup_of = (SELECT code FROM campaign WHERE id = ?1);

-- name: sched_cards_one_day
-- The local day every card of campaign ?1 was given on, when that is one
-- day (each answer's time is its file's, a card set's its own), else
-- NULL: the files and the cards set tell without reading the answers.
SELECT CASE WHEN min(day) = max(day) THEN min(day) END
FROM (SELECT date(imported_at, 'unixepoch', 'localtime') AS day
    FROM response_file WHERE campaign_id = ?1
    UNION ALL
    SELECT date(set_at, 'unixepoch', 'localtime')
    FROM card_set WHERE campaign_id = ?1);

-- name: sched_first_talks
-- The red cards of campaign ?1 counted by unit, by the day each was
-- given (?2 when they all were on one, and no card's time is read) and
-- by its first follow-up of the campaign (booked or done: its status and
-- day, NULL when none): unit path, card day, status, day, how many;
-- units in the order of the unit tree.  One pass over the cards,
-- grouped before the units are joined, for the reports that count first
-- talks (a list of every card is sched_red_cards).
WITH firsts AS (
	SELECT person_id, status, date(min(start), 'unixepoch', 'localtime')
	    AS day
	FROM appointment INDEXED BY appointment_followup
	WHERE followup_of IS NOT NULL AND
	    followup_of = (SELECT code FROM campaign WHERE id = ?1) AND
	    status IN ('booked', 'done')
	GROUP BY person_id),
cards AS (
	SELECT p.unit_id AS unit_id,
	    CASE WHEN ?2 IS NOT NULL THEN ?2
	    ELSE date(card.at, 'unixepoch', 'localtime') END AS card_day,
	    f.status AS status, f.day AS day, count(*) AS n
	FROM red_card card
	JOIN person p ON p.id = card.person_id
	LEFT JOIN firsts f ON f.person_id = card.person_id
	WHERE p.status = 'active' AND card.campaign_id = ?1
	GROUP BY p.unit_id, card_day, f.status, f.day)
SELECT coalesce(u.path, ''), k.card_day, k.status, k.day, k.n
FROM cards k
LEFT JOIN unit u ON u.id = k.unit_id
LEFT JOIN unit_rank t ON t.id = k.unit_id
ORDER BY t.rank, k.unit_id, k.card_day;
