#!/bin/sh
# The start of a term, as an IT administrator scripts it: load the
# rosters, staff and the warning network, then show a counsellor what
# the programme has to work with.  `make demo` runs it on synthetic data:
#   sh share/ph/examples/term-start.sh demo
# Later steps (screening, alerts, reports) extend this script.
set -eu
dir=${1:-demo}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
rm -f "$dir/ph.db" "$dir/ph.db-wal" "$dir/ph.db-shm"
export PH_DB="$dir/ph.db"
export PH_NOW="${PH_NOW:-2026-09-01 08:00}"
export PH_ACTOR="${PH_ACTOR:-demo}"
export PH_SHARE="${PH_SHARE:-$here/..}"

run() {
	printf '\n+ %s\n' "$*"
	"$@"
}
# TSV as a table, when column(1) is there to align it.
table() {
	if command -v column >/dev/null 2>&1; then
		column -t -s "$(printf '\t')"
	else
		cat
	fi
}

# 1. Synthetic exports: one roster in UTF-8 with a BOM, one in GBK.
sh "$here/gen-demo.sh" "$dir"

# 2. Rosters, staff, and who holds which role (gaps are warned about).
run ph-intake roster "$dir/students-一中.csv" "$dir/students-小学.csv"
staff="$dir/staff.xlsx"	# an Excel workbook, read as it is
[ -f "$staff" ] || staff="$dir/staff.csv"
run ph-intake staff "$staff"
run ph-intake contacts "$dir/contacts.csv"

# 3. What a counsellor wants to see before screening starts.
printf '\n+ ph-intake units | table\n'
ph-intake units | table
printf '\n+ ph-intake list --unit 第一中学/高一 --flag 留守 | table\n'
ph-intake list --unit 第一中学/高一 --flag 留守 | table
printf '\n+ ph-intake gaps | table\n'
ph-intake gaps | table

# 4. Week one: the PHQ-9 answers come back from the survey platform (GBK,
#    question texts, option texts).  Scored in a pipe, no database needed;
#    whoever needs attention first: a critical answer, or a severe total.
printf '\n+ ph-screen score phq9 %s | (pupils to see first) | table\n' \
    "$dir/phq9-wjx.csv"
ph-screen score phq9 "$dir/phq9-wjx.csv" | awk -F'\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
		  print "id\ttotal\tband\tcritical"; next }
	$c["critical"] != "" || $c["total_band"] ~ /severe/ {
		print $c["id"] "\t" $c["total"] "\t" $c["total_band"] "\t" \
		    $c["critical_note"] }' | table

#    The same answers kept for the term's campaign of 第一中学: coverage
#    per class, and who has not taken part yet.  An answer sheet clicked
#    through in seconds does not count as screened: the pupil takes it
#    again (policy: validity), and a critical answer in it is acted on all
#    the same.
run ph-screen campaign create 2026秋 --instrument phq9 --kind student \
    --unit 第一中学 --from 2026-09-01 --to 2026-09-15
run ph-screen import --campaign 2026秋 "$dir/phq9-wjx.csv"
printf '\n+ ph-screen coverage --campaign 2026秋 --unit 第一中学 | table\n'
ph-screen coverage --campaign 2026秋 --unit 第一中学 | table
printf '\n+ ph-screen coverage --campaign 2026秋 --missing --unit 第一中学/高一 | table\n'
ph-screen coverage --campaign 2026秋 --missing --unit 第一中学/高一 | table
printf '\n+ ph-screen retest --campaign 2026秋 | table\n'
ph-screen retest --campaign 2026秋 | table

#    实验小学's pupils are 9 to 11.  The PHQ-A is for ages 11 to 18, and
#    ph-screen refuses to give it to the classes it does not fit; SCARED
#    (8 to 18) fits them.
printf '\n+ ph-screen campaign create 2026秋-小学 --instrument phqa --unit 实验小学 ...\n'
ph-screen campaign create 2026秋-小学 --instrument phqa --kind student \
    --unit 实验小学 --from 2026-09-01 --to 2026-09-15 || true
run ph-screen campaign create 2026秋-小学 --instrument scared --kind student \
    --unit 实验小学 --from 2026-09-01 --to 2026-09-15
run ph-screen import --campaign 2026秋-小学 "$dir/scared-小学.csv"
printf '\n+ ph-screen cards --campaign 2026秋-小学 --summary | table\n'
ph-screen cards --campaign 2026秋-小学 --summary | table

#    The make-up session's export is messier (numbered questions, the
#    official punctuation, letters for options), with a cell no option
#    names and a mistyped pupil number.  Check how its columns map before
#    the run, then import it: the rows that cannot be read are held, the
#    others land, and the import says so (exit 65).
printf '\n+ ph-screen columns phq9 phq9-makeup.csv | table\n'
ph-screen columns phq9 "$dir/phq9-makeup.csv" | table
printf '\n+ ph-screen import --campaign 2026秋 phq9-makeup.csv\n'
ph-screen import --campaign 2026秋 "$dir/phq9-makeup.csv" || true
printf '\n+ ph-screen held --campaign 2026秋 | table\n'
ph-screen held --campaign 2026秋 | table

#    Every screened pupil has a card by the policy (share/ph/policy.yaml):
#    how many of each colour per class, and the red list with the reasons
#    (a special group raises a card one colour).
printf '\n+ ph-screen cards --campaign 2026秋 --summary --unit 第一中学 | table\n'
ph-screen cards --campaign 2026秋 --summary --unit 第一中学 | table
printf '\n+ ph-screen cards --campaign 2026秋 --color red | table\n'
ph-screen cards --campaign 2026秋 --color red | table

#    After talking with the pupil and the family, the counsellor's own
#    judgement replaces the policy's; it is audited with who and why.
first_red=$(ph-screen cards --campaign 2026秋 --color red | awk -F'\t' 'NR == 2 { print $2 }')
if [ -n "$first_red" ]; then
	run ph-screen card set "$first_red" --color yellow --by 心理老师 \
	    --reason "已面谈，家长知情，每周跟进"
fi

# 5. The warning network: every red card and critical answer (and every
#    free-text answer the policy's keyword rules catch) becomes an alert
#    for the counsellor and the class teacher, who have 24 hours.
printf '\n+ ph-alert raise --campaign 2026秋 > alerts.tsv; (the first ten) | table\n'
ph-alert raise --campaign 2026秋 > "$dir/alerts.tsv"
head -n 11 "$dir/alerts.tsv" | table
#    The mistyped number's item 9 was not lost with its row: it went to
#    the school's counsellor, who knows whom to look for.
printf '\n+ ph-alert list --open | grep 不在名册 | table\n'
ph-alert list --open | awk -F'\t' 'NR == 1 || /不在名册/' | table
printf '\n+ ph-alert list --open --unit 第一中学/七年级 | table\n'
ph-alert list --open --unit 第一中学/七年级 | table
first=$(ph-alert list --open --unit 第一中学/七年级 | awk -F'\t' 'NR == 2 { print $1 }')
run ph-alert ack "$first" --by 林老师 --note "已约谈，家长已知情"
#    Its messages not sent yet stay in the outbox, cancelled by the ack.
printf '\n+ ph-alert outbox --alert %s | table\n' "$first"
ph-alert outbox --alert "$first" | table
#    The pupil is in crisis: a case, whose first step is to reach the
#    family.  The counsellor sees the guardians to call, and records
#    whom she reached and how.
pupil=$(ph-alert list --unit 第一中学/七年级 | awk -F'\t' -v a="$first" '$1 == a { print $2 }')
printf '\n+ ph-alert case open %s --kind crisis --from-alert %s --by 林老师\n' \
    "$pupil" "$first"
case=$(ph-alert case open "$pupil" --kind crisis --from-alert "$first" \
    --by 林老师 | awk -F'\t' 'NR == 2 { print $1 }')
printf '\n+ ph-alert case show %s | table\n' "$case"
ph-alert case show "$case" | table
reached=$(ph-alert case show "$case" |
    awk -F'\t' '$2 == "guardian" { split($3, w, " "); print w[1]; exit }')
PH_NOW="2026-09-01 10:30" run ph-alert case event "$case" guardian_contacted \
    --by 林老师 --who "$reached" --how phone --note "已约明天面谈"
printf '\n+ ph-alert case show %s | table\n' "$case"
ph-alert case show "$case" | table

#    A day later nobody has acknowledged the others: they go up to the
#    grade heads (a class without a class teacher went there at once).
printf '\n+ PH_NOW="2026-09-02 09:00" ph-alert escalate > escalated.tsv; (the first five) | table\n'
PH_NOW="2026-09-02 09:00" ph-alert escalate > "$dir/escalated.tsv"
head -n 6 "$dir/escalated.tsv" | table

#    The outbox, sent through a stand-in for an SMS gateway: what the
#    counsellor reads, and what a class teacher reads (no answers).
export PH_SMS_FILE="$dir/sms.txt"
rm -f "$PH_SMS_FILE"
printf '\n+ PH_NOW="2026-09-02 09:00" ph-alert deliver --via exec --command sms-to-file.sh > delivered.tsv\n'
PH_NOW="2026-09-02 09:00" ph-alert deliver --via exec \
    --command "$here/sms-to-file.sh" > "$dir/delivered.tsv"
printf '\n+ head -n 12 %s\n' "$PH_SMS_FILE"
head -n 12 "$PH_SMS_FILE"

# 6. The counselling room's calendar: the term with its holidays and the
#    make-up Saturday, the rooms and their hours (against the policy's
#    minimum), then the red-card pupils of 第一中学 booked into the
#    counsellor's first free slots, her week, and the room's calendar.
printf '日期,类型,说明\n2026-10-01,放假,国庆节\n2026-10-02,放假,国庆节\n2026-10-05,放假,国庆节\n2026-10-06,放假,国庆节\n2026-10-07,放假,国庆节\n2026-10-10,调休上班,国庆调休\n' > "$dir/校历.csv"
run ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar "$dir/校历.csv"
{
	echo "房间,名称,学校,类型,容量,星期,开始,结束,用途"
	for d in 周一 周二 周三 周四 周五; do
		echo "1,心理咨询室,第一中学,个体咨询,2,$d,12:30,13:30,预约咨询"
		echo "1,心理咨询室,第一中学,个体咨询,2,$d,16:30,18:30,预约咨询"
		echo "2,音乐放松室,第一中学,放松,1,$d,12:00,13:00,自助放松"
	done
	echo "3,团体辅导室,第一中学,团体辅导,12,周二,14:00,16:00,团体辅导"
} > "$dir/rooms.csv"
printf '\n+ ph-schedule rooms load rooms.csv | table\n'
ph-schedule rooms load "$dir/rooms.csv" | table
# who is on duty: the counsellor at lunch Monday to Wednesday and every
# afternoon, a colleague at Thursday lunch; the rest is what the school
# still has to staff
{
	echo "房间,星期,开始,值班人"
	for d in 周一 周二 周三; do echo "1,$d,12:30,林老师"; done
	echo "1,周四,12:30,郑老师"
	for d in 周一 周二 周三 周四 周五; do echo "1,$d,16:30,林老师"; done
} > "$dir/duty.csv"
ph-schedule duty load "$dir/duty.csv" > /dev/null
printf '\n+ ph-schedule duty list --week 2026-09-07 --gaps | table\n'
ph-schedule duty list --week 2026-09-07 --gaps | table
#    Thursday 12:40, the room is open: a class teacher's note about a
#    pupil goes to the counsellor and the class teacher as always, and to
#    the adult on duty there now (policy alerts.on_duty), who learns who
#    needs attention and whom to ask, never why.
note_pupil=$(awk -F, 'NR == 32 { print $1 }' "$dir/students-一中.csv")
printf '\n+ PH_NOW="2026-09-10 12:40" ph-alert note %s "最近总是失眠，觉得活着没意思" --by 班主任12 | table\n' "$note_pupil"
PH_NOW="2026-09-10 12:40" ph-alert note "$note_pupil" \
    "最近总是失眠，觉得活着没意思" --by 班主任12 2> /dev/null | table
ph-schedule free --with 林老师 --from 2026-09-02 --days 5 > "$dir/free.tsv"
ph-screen cards --campaign 2026秋 --color red --unit 第一中学 |
    awk -F'\t' 'NR > 1 { print $2 }' | head -n 6 > "$dir/red.txt"
awk -F'\t' 'NR > 1 { print $1 " " $2 }' "$dir/free.tsv" | head -n 6 |
    paste -d '|' "$dir/red.txt" - | while IFS='|' read -r id at; do
	[ -n "$id" ] && [ -n "$at" ] || continue
	ph-schedule book "$id" --with 林老师 --at "$at" --followup-of 2026秋 > /dev/null
done
printf '\n+ ph-schedule agenda --with 林老师 --week 2026-09-02 | table\n'
ph-schedule agenda --with 林老师 --week 2026-09-02 | table
ph-schedule ics --room 1 > "$dir/room1.ics"
printf '\n+ ph-schedule ics --room 1 > %s: %s events\n' "$dir/room1.ics" \
    "$(grep -c '^BEGIN:VEVENT' "$dir/room1.ics")"

# 7. The report: coverage and cards per class of 第一中学, and, a week on,
#    what fell through the cracks (gaps exits 1 when there is any).
printf '\n+ ph-report coverage --campaign 2026秋 --unit 第一中学 --by class | table\n'
ph-report coverage --campaign 2026秋 --unit 第一中学 --by class | table
printf '\n+ ph-report cards --by school | table\n'
ph-report cards --by school | table
printf '\n+ PH_NOW="2026-09-08 08:00" ph-report compliance | table\n'
PH_NOW="2026-09-08 08:00" ph-report compliance | table
printf '\n+ PH_NOW="2026-09-08 08:00" ph-report gaps | head -n 12 | table\n'
PH_NOW="2026-09-08 08:00" ph-report gaps > "$dir/gaps.tsv" || true
head -n 12 "$dir/gaps.tsv" | table
printf '(%s lines in all: %s)\n' "$(($(wc -l < "$dir/gaps.tsv") - 1))" \
    "$dir/gaps.tsv"
PH_NOW="2026-09-08 08:00" ph-report html --campaign 2026秋 --by grade \
    -o "$dir/report.html"
printf '\n+ ph-report html --campaign 2026秋 --by grade -o %s\n' "$dir/report.html"
printf 'the term report for people: open %s in a browser (it prints on A4)\n' \
    "$(cd "$dir" && pwd)/report.html"
#    What goes up to the education bureau: no names, small cells hidden,
#    as an Excel workbook (numbers as numbers, rates as percentages).
run ph-report upward --campaign 2026秋 -o "$dir/upward.xlsx"
printf 'the upward report for the bureau, for Excel: %s\n' \
    "$(cd "$dir" && pwd)/upward.xlsx"

# 8. Before a stricter rule goes live (PHQ-9 red from 15, not 20): what it
#    would change on this term's campaign, written nowhere (--dry-run);
#    the campaign is re-scored only when the policy is adopted.
sed 's/^      min: 20$/      min: 15/' "$PH_SHARE/policy.yaml" > "$dir/strict.yaml"
printf '\n+ ph-screen rescore --campaign 2026秋 --policy strict.yaml --dry-run | head -n 6 | table\n'
ph-screen rescore --campaign 2026秋 --policy "$dir/strict.yaml" --dry-run \
    > "$dir/rescore.tsv"
head -n 6 "$dir/rescore.tsv" | table
printf '(%s pupils would change card)\n' "$(($(wc -l < "$dir/rescore.tsv") - 1))"

# 9. A week on, tiered screening: the pupils whose PHQ-9 was 10 or more
#    take the GAD-7 as well, a follow-on campaign of exactly them; a
#    higher card there stands in 2026秋 for them (policy: tiers).
export PH_NOW="2026-09-08 08:00"
run ph-screen campaign create 2026秋-GAD7 --after 2026秋 \
    --when 'phq9.total >= 10' --instrument gad7 --from 2026-09-08 \
    --to 2026-09-15
#    two in three of them answer in the first days
ph-screen coverage --campaign 2026秋-GAD7 --missing | awk -F'\t' '
	BEGIN { print "学号,1,2,3,4,5,6,7" }
	NR > 1 && NR % 3 != 0 {
		printf "%s", $2
		for (k = 1; k <= 7; k++) printf ",%d", (NR * k + k) % 7 / 3
		print "" }' > "$dir/gad7.csv"
run ph-screen import --campaign 2026秋-GAD7 "$dir/gad7.csv"
printf '\n+ ph-screen coverage --campaign 2026秋-GAD7 | table\n'
ph-screen coverage --campaign 2026秋-GAD7 | table
printf '\n+ ph-screen cards --campaign 2026秋-GAD7 --summary | table\n'
ph-screen cards --campaign 2026秋-GAD7 --summary | table

# 10. Running the same load again changes nothing.
run ph-intake roster "$dir/students-一中.csv" "$dir/students-小学.csv"

# 11. The audit trail is whole.
run ph-intake audit verify
