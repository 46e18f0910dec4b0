-- ph-report alerts and cases: whether the care the cards ask for came,
-- and in time (lib/report/report_care.c).

-- name: report_alerts_each
-- Each alert: its unit (the person's, else the alert's own), status,
-- hours to acknowledge (rounded), whether it was escalated or reminded,
-- and the levels it was escalated to.
SELECT coalesce(u.path, ''), a.status,
    (a.acked_at - a.raised_at + 1799) / 3600,
    EXISTS (SELECT 1 FROM alert_event e
        WHERE e.alert_id = a.id AND e.kind = 'escalated'),
    EXISTS (SELECT 1 FROM alert_event e
        WHERE e.alert_id = a.id AND e.kind = 'reminded'),
    (SELECT group_concat(e.level, ',') FROM alert_event e
        WHERE e.alert_id = a.id AND e.kind = 'escalated')
FROM alert a
LEFT JOIN person p ON p.id = a.person_id
LEFT JOIN unit u ON u.id = coalesce(p.unit_id, a.unit_id);

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
