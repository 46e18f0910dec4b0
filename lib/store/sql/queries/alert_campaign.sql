-- raise --campaign (lib/alert/alert_campaign.c): a campaign's answers, a
-- person at a time, and the rows its imports held.

-- name: alert_campaign_id
SELECT id FROM campaign WHERE code = ?1;

-- name: alert_campaign_has_card_set
SELECT EXISTS (SELECT 1 FROM card_set WHERE campaign_id = ?1);

-- name: alert_campaign_card_set
-- The card a counsellor set for person ?1 in campaign ?2 after their
-- latest answer (?3).
SELECT color, reason
FROM card_set
WHERE person_id = ?1 AND campaign_id = ?2 AND after_response >= ?3
ORDER BY id DESC
LIMIT 1;

-- name: alert_campaign_instruments
SELECT count(*) FROM campaign_instrument WHERE campaign_id = ?1;

-- name: alert_campaign_has_held
-- Whether an import held rows of people on the roster.
SELECT EXISTS (SELECT 1 FROM held
    WHERE campaign_id = ?1 AND person_id IS NOT NULL);

-- The latest answers of campaign ?1 in three forms, each read as it
-- reads fastest: as stored when a person has one (one instrument);
-- through the person index when they may have several; with the held
-- rows of people on the roster, sorted, when there are any (a held row
-- counts only its positive critical answers: a blank one is in the held
-- list).  Each row: person, response (0: held), card, its reasons,
-- critical note, raw answers, person number, kind, unit, dormitory,
-- unit path, what was answered.

-- name: alert_campaign_answers
SELECT r.person_id, r.id, r.card, r.card_reasons, r.critical_note, r.raw,
    p.person_no, p.kind, coalesce(p.unit_id, 0), coalesce(p.dormitory_id, 0),
    coalesce(u.path, ''), r.instrument || ' ' || r.scores
FROM response r JOIN person p ON p.id = r.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE r.campaign_id = ?1 AND r.latest;

-- name: alert_campaign_answers_by_person
SELECT r.person_id, r.id, r.card, r.card_reasons, r.critical_note, r.raw,
    p.person_no, p.kind, coalesce(p.unit_id, 0), coalesce(p.dormitory_id, 0),
    coalesce(u.path, ''), r.instrument || ' ' || r.scores
FROM response r JOIN person p ON p.id = r.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE r.campaign_id = ?1 AND r.latest
ORDER BY r.person_id;

-- name: alert_campaign_answers_and_held
SELECT r.person_id, r.id, r.card, r.card_reasons, r.critical_note, r.raw,
    p.person_no, p.kind, coalesce(p.unit_id, 0), coalesce(p.dormitory_id, 0),
    coalesce(u.path, ''), r.what
FROM (SELECT person_id, id, card, card_reasons, critical_note, raw,
        instrument || ' ' || scores AS what
    FROM response WHERE campaign_id = ?1 AND latest
    UNION ALL
    SELECT h.person_id, 0, h.card, h.card_reasons,
        CASE WHEN h.critical IS NOT NULL THEN h.critical_note END, h.raw,
        'held ' || f.name || ':' || h.line || ': ' || h.reason
    FROM held h JOIN response_file f ON f.id = h.file_id
    WHERE h.campaign_id = ?1 AND h.person_id IS NOT NULL) r
JOIN person p ON p.id = r.person_id
LEFT JOIN unit u ON u.id = p.unit_id
ORDER BY r.person_id;

-- name: alert_campaign_held_unknown
-- The rows an import held of someone not on the roster.
SELECT h.id, coalesce(h.person_id, 0), h.person_no, h.card,
    coalesce(h.card_reasons, ''), h.critical_note, h.raw, h.reason,
    coalesce(p.kind, 'student'), coalesce(p.unit_id, 0),
    coalesce(p.dormitory_id, 0), coalesce(u.path, ''),
    f.name || ':' || h.line, h.critical
FROM held h JOIN response_file f ON f.id = h.file_id
LEFT JOIN person p ON p.id = h.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE h.campaign_id = ?1 AND h.person_id IS NULL
ORDER BY h.id;
