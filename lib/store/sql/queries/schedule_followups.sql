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
