-- Named queries of the term calendar (lib/schedule/schedule_calendar.c).

-- name: sched_closed_why
-- index: calendar_day
-- Whether any term is set, whether day ?1 is in one, the calendar's
-- word for it (holiday, workday or none) with its note, and its weekday
-- (0 Sunday).
SELECT EXISTS (SELECT 1 FROM term),
    EXISTS (SELECT 1 FROM term WHERE ?1 BETWEEN date_from AND date_to),
    (SELECT kind FROM calendar_day WHERE day = ?1),
    (SELECT note FROM calendar_day WHERE day = ?1),
    CAST(strftime('%w', ?1) AS INTEGER);

-- name: sched_term_put
INSERT INTO term (code, date_from, date_to, created_at)
VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (code) DO UPDATE SET date_from = ?2, date_to = ?3;

-- name: sched_calendar_day_put
INSERT INTO calendar_day (day, kind, note)
VALUES (?, ?, ?)
ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note;

-- name: sched_term_days
-- What term ?1 from ?2 to ?3 is in school days: a weekday unless a
-- holiday, a weekend day only as a workday (调休上班).
WITH RECURSIVE d(day) AS (
	SELECT ?2
	UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < ?3)
SELECT ?1, ?2, ?3,
    sum(CASE WHEN k.kind = 'workday' THEN 1
        WHEN k.kind = 'holiday' THEN 0
        WHEN strftime('%w', day) IN ('0', '6') THEN 0 ELSE 1 END),
    sum(k.kind = 'holiday'), sum(k.kind = 'workday')
FROM d LEFT JOIN calendar_day k USING (day);

-- name: sched_week_bounds
-- The Monday and the Sunday of the week of day ?1.
SELECT date(?1, '-' || ((CAST(strftime('%w', ?1) AS INTEGER) + 6) % 7) ||
        ' days'),
    date(?1, '+' || (6 - (CAST(strftime('%w', ?1) AS INTEGER) + 6) % 7) ||
        ' days');

-- name: sched_week_days
-- The days from ?1 to ?2 with their ISO weekday (1 Monday).
WITH RECURSIVE d(day) AS (
	SELECT ?1
	UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < ?2)
SELECT day, (CAST(strftime('%w', day) AS INTEGER) + 6) % 7 + 1 FROM d;

-- name: sched_next_day
SELECT date(?1, '+1 day');
