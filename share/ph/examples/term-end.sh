#!/bin/sh
# The end of a term, from cron (see crontab): the school's own report for
# the counsellor and the principal, the upward report for the district,
# and what fell through the cracks, by mail.  Nothing is written to the
# databases.
#   PH_DB=/var/lib/ph/ph.db sh term-end.sh 2026秋 counsellor@school.example
# A district with a file per school: PH_REPORT_DB=/var/lib/ph/schools.
set -eu
campaign=${1:?usage: term-end.sh CAMPAIGN MAILTO}
to=${2:?usage: term-end.sh CAMPAIGN MAILTO}
db=${PH_REPORT_DB:-${PH_DB:-ph.db}}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

ph-report --db "$db" html --campaign "$campaign" --by class \
    -o "$out/report.html"
# the district sees no names, and no count below the policy's min_cell
ph-report --db "$db" upward --campaign "$campaign" --by school \
    > "$out/upward.tsv"
# and, per school, teachers, events, crises and referrals this school year
ph-report --db "$db" upward --care > "$out/care.tsv"
ph-report --db "$db" compliance > "$out/compliance.tsv"
# exit 1 means there are gaps: that is the point of the mail
status=0
ph-report --db "$db" gaps > "$out/gaps.tsv" || status=$?
[ "$status" -le 1 ] || exit "$status"

if command -v mail > /dev/null 2>&1; then
	{
		echo "What fell through the cracks ($(($(wc -l < "$out/gaps.tsv") - 1)) lines):"
		cat "$out/gaps.tsv"
		echo
		echo "Compliance:"
		cat "$out/compliance.tsv"
	} | mail -s "ph: $campaign, term end" -A "$out/report.html" \
	    -A "$out/upward.tsv" -A "$out/care.tsv" "$to"
else
	# no mail(1): leave the files where the caller can find them
	mkdir -p "term-end-$campaign"
	cp "$out"/* "term-end-$campaign/"
	echo "term-end.sh: no mail(1); the reports are in term-end-$campaign/" >&2
fi
