-- ph-report referrals (lib/report/report_referrals.c).

-- name: report_referrals_each
-- Each referral case, oldest first, with whom it is for.
SELECT k.id, coalesce(u.path, ''), p.person_no, p.name, k.opened_at,
    k.status
FROM ph_case k
JOIN person p ON p.id = k.person_id
LEFT JOIN unit u ON u.id = p.unit_id
WHERE k.kind = 'referral'
ORDER BY k.opened_at, k.id;

-- name: report_referral_step_day
-- index: case_event
-- The day case ?1's step ?2 was first recorded (NULL: not yet).
SELECT date(min(at), 'unixepoch', 'localtime') FROM case_event
WHERE case_id = ?1 AND kind = ?2;
