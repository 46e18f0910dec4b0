-- ph-report staffing (lib/report/report_staffing.c).

-- name: report_staffing_schools
-- Each school with pupils: its active pupils (counted per unit once, then
-- added up per school: not the people read again for each school), and
-- who holds the counsellor role in it or under it.
WITH n(unit, c) AS (
	SELECT unit_id, count(*) FROM person
	WHERE status = 'active' AND kind = 'student' GROUP BY unit_id),
pupils(school, c) AS (
	SELECT s.id, sum(n.c) FROM n
	JOIN unit u ON u.id = n.unit
	JOIN unit s ON s.kind = 'school' AND (u.path = s.path OR
	    substr(u.path, 1, length(s.path) + 1) = s.path || '/')
	GROUP BY s.id)
SELECT s.path, p.c,
    (SELECT count(DISTINCT ro.contact_id) FROM role ro
    JOIN unit u ON u.id = ro.unit_id
    WHERE ro.role = 'counsellor' AND ro.until IS NULL AND
        (u.path = s.path OR
        substr(u.path, 1, length(s.path) + 1) = s.path || '/'))
FROM unit s JOIN pupils p ON p.school = s.id
WHERE p.c > 0
ORDER BY s.path;
