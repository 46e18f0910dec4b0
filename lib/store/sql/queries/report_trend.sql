-- ph-report trend (lib/report/report_trend.c).

-- name: report_trend_campaigns
-- Every campaign begun by day ?1, oldest first.
SELECT code FROM campaign WHERE date_from <= ?1 ORDER BY date_from, id;

-- name: report_trend_both
-- The people with a card in campaign ?2 at or under unit path ?3 (NULL:
-- all): their card in campaign ?1 before (NULL: none then), in ?2, and
-- who they are; in the tree's order.
SELECT a.color, b.color, p.person_no, p.name, coalesce(u.path, '')
FROM card_color b
JOIN person p ON p.id = b.person_id
LEFT JOIN card_color a ON a.person_id = b.person_id AND a.campaign_id = ?1
LEFT JOIN unit u ON u.id = p.unit_id
LEFT JOIN unit_order t ON t.id = u.id
WHERE b.campaign_id = ?2 AND (?3 IS NULL OR u.path = ?3 OR
    substr(u.path, 1, length(?3) + 1) = ?3 || '/')
ORDER BY t.sortkey, p.person_no;
