-- ph-report gaps: what fell through the cracks (lib/report/report_gaps.c).

-- name: report_gaps_closed_campaign
-- The latest campaign whose window closed before day ?1.
SELECT id, code, date_to FROM campaign
WHERE date_to < ?1
ORDER BY date_from DESC, id DESC
LIMIT 1;

-- name: report_gaps_red_without_alert
-- index: p
-- The red cards of campaign ?1 of active people who have no alert from
-- it (or for a red card), in the tree's order: unit, number, name, the
-- campaign, the day the card was given.
WITH k AS (SELECT id, code FROM campaign WHERE id = ?1)
SELECT coalesce(u.path, ''), p.person_no, p.name, k.code,
    date(cc.at, 'unixepoch', 'localtime')
FROM k
JOIN red_card cc ON cc.campaign_id = ?1
JOIN person p ON p.id = cc.person_id
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit_order t ON t.id = u.id
WHERE p.status = 'active' AND NOT EXISTS (SELECT 1 FROM alert a
    WHERE a.person_id = cc.person_id AND
    (a.source = 'campaign:' || (SELECT code FROM campaign WHERE id = ?1)
    OR a.reason_key = 'card:red'))
ORDER BY t.sortkey, p.person_no;

-- name: report_gaps_alerts_unanswered
-- Open alerts that escalate has reminded the top of (their last level's
-- time ran out): from the reminders, which are few, not from every open
-- alert.
SELECT coalesce(u.path, ''),
    coalesce(p.person_no, nullif(a.respondent, ''), '无学号'),
    coalesce(p.name, '（不在名册）'), a.id, a.reason,
    date(e.since, 'unixepoch', 'localtime')
FROM (SELECT alert_id, min(at) AS since FROM alert_event
    WHERE kind = 'reminded' GROUP BY alert_id) e
JOIN alert a ON a.id = e.alert_id
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
WHERE a.status = 'open'
ORDER BY a.raised_at, a.id;

-- name: report_gaps_open_cases
SELECT k.id, k.kind, k.opened_at, coalesce(u.path, ''), p.person_no, p.name
FROM ph_case k
JOIN person p ON p.id = k.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE k.status = 'open'
ORDER BY k.opened_at, k.id;

-- name: report_gaps_held_rows
-- Rows an import held that nobody has answered again, with a critical
-- answer or a red card, or from a number not on the roster.
SELECT coalesce(u.path, ''), h.person_no, coalesce(p.name, '（不在名册）'),
    h.person_id IS NULL, h.critical IS NOT NULL OR h.card = 'red',
    f.name || ':' || h.line, h.reason,
    date(h.held_at, 'unixepoch', 'localtime'), c.code
FROM held h
JOIN campaign c ON c.id = h.campaign_id
JOIN response_file f ON f.id = h.file_id
LEFT JOIN person p ON p.id = h.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE h.resolved_by IS NULL AND
    (h.critical IS NOT NULL OR h.card = 'red' OR h.person_id IS NULL)
ORDER BY h.held_at, h.id;

-- name: report_gaps_held_files
-- Each file with rows held, oldest first: how many, since when.
SELECT f.name, c.code, count(*),
    date(min(h.held_at), 'unixepoch', 'localtime')
FROM held h
JOIN response_file f ON f.id = h.file_id
JOIN campaign c ON c.id = h.campaign_id
WHERE h.resolved_by IS NULL
GROUP BY h.file_id
ORDER BY min(h.held_at), h.file_id;

-- name: report_gaps_rooms_unstaffed
-- The counselling rooms' openings with nobody on duty.
SELECT coalesce(s.path, ''), r.code, o.weekday, o.start, o.end
FROM opening o
JOIN room r ON r.id = o.room_id
LEFT JOIN unit s ON s.id = r.unit_id
WHERE NOT EXISTS (SELECT 1 FROM duty y WHERE y.room_id = o.room_id AND
    y.weekday = o.weekday AND y.start = o.start)
ORDER BY s.path, r.code, o.weekday, o.start;

-- name: report_gaps_undeliverable
-- Messages deliver could never send (no address for the way they go),
-- failed for good: while their alert is still open, or, a message of no
-- alert (a reminder), failed at or after ?1.  The alert's person, the
-- message, its recipient and role, why, and the day it failed.
SELECT coalesce(u.path, ''),
    coalesce(p.person_no, nullif(a.respondent, ''), ''),
    coalesce(p.name, ''), o.id, coalesce(c.name, g.name, g.relation),
    o.role, coalesce(o.last_error, ''),
    date(o.closed_at, 'unixepoch', 'localtime')
FROM outbox o
LEFT JOIN contact c ON c.id = o.contact_id
LEFT JOIN guardian g ON g.id = o.guardian_id
LEFT JOIN alert a ON a.id = o.alert_id
LEFT JOIN appointment ap ON ap.id = o.appointment_id
LEFT JOIN ph_case k ON k.id = o.case_id
LEFT JOIN person p ON p.id = coalesce(a.person_id, ap.person_id, k.person_id)
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id)
WHERE o.status = 'failed' AND o.closed_by = 'deliver'
    AND (c.id IS NOT NULL OR g.id IS NOT NULL)
    AND (a.status = 'open' OR (o.alert_id IS NULL AND o.closed_at >= ?1))
ORDER BY o.closed_at, o.id;
