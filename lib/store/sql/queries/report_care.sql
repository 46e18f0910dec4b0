-- ph-report alerts and cases: whether the care the cards ask for came,
-- and in time (lib/report/report_care.c).

-- name: report_alerts_each
-- The alerts counted by their unit (the person's, else the alert's own),
-- status, hours to acknowledge (rounded), whether escalated or reminded,
-- and the levels escalated to: unit path, those, how many; grouped
-- before the units are joined, in the order of the unit tree.
WITH events AS (
	SELECT alert_id, max(kind = 'escalated') AS escalated,
	    max(kind = 'reminded') AS reminded,
	    group_concat(CASE WHEN kind = 'escalated' THEN level END, ',')
	    AS levels
	FROM alert_event WHERE kind IN ('escalated', 'reminded')
	GROUP BY alert_id),
counted AS (
	SELECT coalesce(p.unit_id, a.unit_id) AS unit_id, a.status AS status,
	    (a.acked_at - a.raised_at + 1799) / 3600 AS hours,
	    coalesce(e.escalated, 0) AS escalated,
	    coalesce(e.reminded, 0) AS reminded, e.levels AS levels,
	    count(*) AS n
	FROM alert a
	LEFT JOIN person p ON p.id = a.person_id
	LEFT JOIN events e ON e.alert_id = a.id
	GROUP BY 1, 2, 3, 4, 5, 6)
SELECT coalesce(u.path, ''), k.status, k.hours, k.escalated, k.reminded,
    k.levels, k.n
FROM counted k
LEFT JOIN unit u ON u.id = k.unit_id
LEFT JOIN unit_rank t ON t.id = k.unit_id
ORDER BY t.rank, k.unit_id;

-- name: report_cases_each
-- Each case, with the days it took to close (rounded).
SELECT id, kind, status, opened_at,
    (closed_at - opened_at + 43199) / 86400
FROM ph_case;

-- name: report_cases_outcomes
-- The outcomes of the closed cases of each kind, with how many each.
SELECT kind, group_concat(outcome || ' ' || n, '; ')
FROM (SELECT kind, outcome, count(*) AS n FROM ph_case
    WHERE status = 'closed' GROUP BY kind, outcome
    ORDER BY kind, n DESC, outcome)
GROUP BY kind;
