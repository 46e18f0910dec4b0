-- ph-report's coverage, cards and --term (lib/report/report.c).

-- name: report_term_end
-- index: term
SELECT date_to FROM term WHERE code = ?1;

-- name: report_unit_kind
-- index: unit
SELECT kind FROM unit WHERE id = ?1;
