-- 007: what the reports read, read without the answers themselves.
--
-- The person index of the responses also carries whether an answer is
-- the latest and the card it gave, so that who has answered a campaign
-- (coverage) and every card's colour (card_color) are read from the
-- index alone: a response row holds the whole exported record, and
-- fetching a million of them was most of a report's time.  The index
-- has the same number of entries as before, so an import writes no more.
DROP INDEX response_person;
CREATE INDEX response_person ON response(person_id, campaign_id, instrument,
	latest, card);

-- The red cards only, with when each was given: the same rule as the
-- card view (the highest card of the latest answers, unless a card set
-- by hand after the last of them stands), started from the few red
-- answers and red cards set by hand instead of from every card.  It is
-- one query over them, not a union, so that a query's condition on the
-- person (an alert raised, say) is tested before the time is looked up.
-- The follow-ups and the gaps list read it; a test keeps it equal to
-- the card view's red cards.
CREATE VIEW red_card (campaign_id, person_id, at) AS
WITH manual AS (
	SELECT campaign_id, person_id, color, after_response, set_at, max(id)
	FROM card_set GROUP BY campaign_id, person_id),
red(campaign_id, person_id, answered) AS (
	SELECT campaign_id, person_id, 1 FROM response
	WHERE latest AND card = 'red' GROUP BY campaign_id, person_id
	UNION ALL
	SELECT campaign_id, person_id, 0 FROM manual WHERE color = 'red')
SELECT k.campaign_id, k.person_id,
    CASE WHEN NOT k.answered OR m.after_response >= (SELECT max(r.id)
        FROM response r WHERE r.person_id = k.person_id AND
        r.campaign_id = k.campaign_id AND r.latest AND r.card IS NOT NULL)
    THEN m.set_at
    ELSE (SELECT max(r.imported_at) FROM response r WHERE
        r.person_id = k.person_id AND r.campaign_id = k.campaign_id AND
        r.latest AND r.card IS NOT NULL) END
FROM red k LEFT JOIN manual m ON m.campaign_id IS k.campaign_id AND
    m.person_id = k.person_id
WHERE k.answered AND (m.after_response IS NULL OR m.color = 'red' OR
    m.after_response < (SELECT max(r.id) FROM response r WHERE
    r.person_id = k.person_id AND r.campaign_id = k.campaign_id AND
    r.latest AND r.card IS NOT NULL))
   OR NOT k.answered AND NOT EXISTS (SELECT 1 FROM response r WHERE
    r.person_id = k.person_id AND r.campaign_id IS k.campaign_id AND
    r.latest AND r.card = 'red') AND coalesce(m.after_response >= (SELECT
    max(r.id) FROM response r WHERE r.person_id = k.person_id AND
    r.campaign_id IS k.campaign_id AND r.latest AND r.card IS NOT NULL), 1);

-- A day's or a week's appointments, in every room (ph-schedule agenda):
-- a range on start, where the partial indexes on it hold only the
-- booked ones and the follow-ups.
CREATE INDEX appointment_start ON appointment(start);
