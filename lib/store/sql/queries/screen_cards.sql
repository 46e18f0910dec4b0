-- Named queries of ph-screen cards and card set (lib/screen/screen_cards.c).

-- name: screen_cards_list
-- A campaign's cards, red first, then in the units' order; ?2 a unit
-- path (NULL: all) whose subtree they are in, ?3 a colour (NULL: all).
SELECT u.path, p.person_no, p.name, card.color, card.reasons,
	card.critical, coalesce(card.set_by, 'policy'),
	datetime(card.at, 'unixepoch', 'localtime'),
	-- which instruments the person took (their latest answers)
	(SELECT group_concat(DISTINCT r.instrument) FROM response r
	WHERE r.person_id = card.person_id AND
	    r.campaign_id = card.campaign_id AND r.latest)
FROM card
JOIN person p ON p.id = card.person_id
JOIN unit u ON u.id = p.unit_id
JOIN unit_order t ON t.id = u.id
LEFT JOIN card_rank k ON k.color = card.color
WHERE card.campaign_id = ?1
	AND (?3 IS NULL OR card.color = ?3)
	AND (?2 IS NULL OR u.path = ?2 OR
	    substr(u.path, 1, length(?2) + 1) = ?2 || '/')
ORDER BY coalesce(k.rank, 0) DESC, t.sortkey, p.person_no;

-- name: screen_cards_last_campaign
-- The campaign a card set without --campaign belongs to: the last one
-- the person answered.
SELECT c.id
FROM response r
JOIN campaign c ON c.id = r.campaign_id
WHERE r.person_id = ?1
ORDER BY c.date_from DESC, c.id DESC
LIMIT 1;

-- name: screen_cards_color
-- A person's card in a campaign (?2 NULL: the cards set outside one).
SELECT color
FROM card
WHERE person_id = ?1 AND campaign_id IS ?2;

-- name: screen_cards_set
INSERT INTO card_set (person_id, campaign_id, color, reason, set_by,
	after_response, set_at)
VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(id), 0) FROM response),
	?6);

-- name: screen_cards_campaign_code
SELECT coalesce((SELECT code FROM campaign WHERE id = ?1), 'no campaign');

-- name: screen_cards_card
-- The card as it stands after card set.
SELECT p.person_no, coalesce(c.code, ''), card.color, card.reasons,
	card.set_by
FROM card
JOIN person p ON p.id = card.person_id
LEFT JOIN campaign c ON c.id = card.campaign_id
WHERE card.person_id = ?1 AND card.campaign_id IS ?2;
