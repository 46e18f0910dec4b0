#!/usr/bin/env bats
# Norms (ph-instrument(5)): a raw score normed by sex and age or grade,
# in the stream and on import; who an instrument is for, and campaign
# create's refusal; the instruments for pupils; the shapes of SCL-90,
# UPI and MHT.  Every normed score below is worked by hand from the
# synthetic norms in tests/data/norms.

load helpers

setup() {
	setup_with_share
	export PH_PATH="$BATS_TEST_DIRNAME/../data/norms"
	DATA="$BATS_TEST_DIRNAME/../data/norms"
}

# The columns id..norm of each score record, from `run`'s output.
normed_rows() {
	printf '%s\n' "$output" | cut -f1-8
}

@test "norms: the group at the last day of 12 and the first of 13, for each sex; T by hand" {
	# on 2027-03-14 whoever was born on 2014-03-15 is 12, on 03-14 13
	export PH_NOW="2027-03-14 10:00"
	cat > a.csv <<-'CSV'
	id,sex,birth,n1,n2,n3
	a,男,2014-03-15,2,2,2
	b,M,2014-03-14,2,2,2
	c,女,2014-03-15,2,2,2
	d,female,2014-03-14,2,2,2
	CSV
	run ph-screen score normed_t --sex-column sex --birth-column birth a.csv
	[ "$status" -eq 0 ]
	# boy 12: total (6-4)/2 = 1 -> T 60, worry (2-1)/.5 = 2 -> 70
	# boy 13: (6-5)/2 = .5 -> 55, (2-1)/1 = 1 -> 60 (59 is the last
	# typical: elevated); girl 12: (6-3)/2 = 1.5 -> 65, (2-1.5)/1 -> 55;
	# girl 13: the table's row up to 7 -> 60, (2-2)/1 -> 50
	[ "$(normed_rows)" = "$(printf '%s\n' \
	    "id	total	total_band	total_t	worry	worry_band	worry_t	norm" \
	    "a	6	high	60	2	high	70	m_8_12" \
	    "b	6	high	55	2	elevated	60	m_13_18" \
	    "c	6	high	65	2	typical	55	f_8_12" \
	    "d	6	high	60	2	typical	50	f_13_18")" ]
}

@test "norms: the lowest and highest ages of the groups, and outside every group raw, saying why" {
	cat > a.csv <<-'CSV'
	id,性别,年龄,n1,n2,n3
	a,M,8,1,1,1
	b,F,18,1,1,1
	c,M,7,1,1,1
	d,F,19,1,1,1
	e,,12,1,1,1
	f,F,,1,1,1
	g,X,12,1,1,1
	CSV
	run ph-screen score normed_t --sex-column 性别 --age-column 年龄 a.csv
	[ "$status" -eq 0 ]
	# a: (3-4)/2 -> T 45; b: the table's row up to 5 -> 50; worry
	# (1-1)/.5 -> 50 and (1-2)/1 -> 40
	[ "$(normed_rows)" = "$(printf '%s\n' \
	    "id	total	total_band	total_t	worry	worry_band	worry_t	norm" \
	    "a	3	low	45	1	typical	50	m_8_12" \
	    "b	3	low	50	1	typical	40	f_13_18" \
	    "c	3	low		1			raw: no norm group for M aged 7" \
	    "d	3	low		1			raw: no norm group for F aged 19" \
	    "e	3	low		1			raw: sex not known" \
	    "f	3	low		1			raw: age not known" \
	    "g	3	low		1			raw: sex not known")" ]
}

@test "norms: without the columns the scores are raw, and a warning says so; a column named that is not there refuses the file" {
	printf 'id,n1,n2,n3\na,1,1,1\n' > a.csv
	run ph-screen score normed_t a.csv
	[ "$status" -eq 0 ]
	output_has "normed_t has norms by age: without --age-column or --birth-column its scores are raw" \
	    "raw: sex not known"
	run ph-screen score normed_t --sex-column sex --age-column age a.csv
	[ "$status" -eq 65 ]
	output_has "--sex-column sex: no column has that header" \
	    "--age-column age: no column has that header"
}

@test "norms: standard ten by grade and sex from tables and from mean and sd (the MHT's shape)" {
	cat > m.csv <<-'CSV'
	id,性别,年级,a1,a2,a3,b1,b2,b3,l1,l2
	x,男,五年级,1,1,0,1,1,1,0,0
	y,女,5,1,1,0,1,1,1,0,0
	z,女,初二,1,1,1,0,0,0,0,0
	w,男,高三,0,0,0,1,1,0,0,0
	v,男,三年级,1,1,1,0,0,0,0,0
	CSV
	run ph-screen score shape_mht --sex-column 性别 --grade-column 年级 m.csv
	[ "$status" -eq 0 ]
	# x: boys' tables: study 2 -> 7 (normal, up to 7), social 3 -> 8
	# (high); y: girls' tables: 2 -> 8, 3 -> 9; grade 8 (z) and 12 (w)
	# by mean and sd: study (3-1.5)/1 = 1.5 -> 2z+5.5 = 8.5 -> 9, social
	# (0-1)/.8 = -1.25 -> 3.0 -> 3; w: study (0-1.5) -> 2.5 -> 3, social
	# (2-1)/.8 = 1.25 -> 8.0 -> 8; v: grade 3, below every group
	[ "$(printf '%s\n' "$output" | cut -f1-7,11)" = "$(printf '%s\n' \
	    "id	study	study_band	study_sten	social	social_band	social_sten	norm" \
	    "x	2	normal	7	3	high	8	boys_4_6" \
	    "y	2	high	8	3	high	9	girls_4_6" \
	    "z	3	high	9	0	normal	3	all_7_12" \
	    "w	0	normal	3	2	high	8	all_7_12" \
	    "v	3			0			raw: no norm group for M in grade 3")" ]
}

@test "norms: percentiles from mean and sd" {
	cat > pct.yaml <<-'YAML'
	id: pct
	version: "1"
	name: {zh: 百分位示例}
	licence: synthetic
	options:
	  f: [{value: 0, zh: 无}, {value: 1, zh: 有}, {value: 2, zh: 多}]
	items:
	  - {id: p1, zh: 一, options: f}
	  - {id: p2, zh: 二, options: f}
	scales:
	  - id: total
	    items: all
	    bands_on: normed
	    bands: [{max: 84, label: usual}, {label: top}]
	norms:
	  source: synthetic
	  score: percentile
	  groups:
	    - {id: all, ages: [6, 18], scales: {total: {mean: 2, sd: 1}}}
	YAML
	printf 'id,age,p1,p2\na,10,1,1\nb,10,2,1\nc,10,0,0\nd,10,2,2\n' > a.csv
	run ph-screen score ./pct.yaml --age-column age a.csv
	[ "$status" -eq 0 ]
	# z 0 -> 50; z 1 -> 84.13 -> 84 (usual, up to 84); z -2 -> 2.28 -> 2;
	# z 2 -> 97.72 -> 98 (top)
	[ "$(printf '%s\n' "$output" | cut -f1-5)" = "$(printf '%s\n' \
	    "id	total	total_band	total_percentile	norm" \
	    "a	2	usual	50	all" "b	3	usual	84	all" "c	0	usual	2	all" \
	    "d	4	top	98	all")" ]
}

@test "norms: bad norms are refused with their line" {
	sed 's/score: t$/score: z/; s/sd: 0.5/sd: 0/' "$DATA/normed_t.yaml" > bad.yaml
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	output_has "bad.yaml:31:10: norms' score 'z': expected t, percentile or sten" \
	    "sd of 'worry' must be above 0"
}

# A roster with birth dates: 一中 初一 (grade 7) and 小学 三年级.
roster() {
	cat > r.csv <<-'CSV'
	学号,姓名,性别,学校,年级,班级,出生日期
	S1,甲,男,一中,初一,1班,2014-03-15
	S2,乙,女,一中,初一,1班,2014-03-16
	S3,丙,女,一中,初一,2班,
	S4,丁,男,一中,初一,2班,2008-01-01
	P1,戊,男,小学,三年级,1班,2018-05-01
	CSV
	ph-intake roster r.csv
}

@test "import: sex and age from the roster, age on the campaign's first day; outside every group raw, saying why" {
	roster
	ph-screen campaign create c1 --instrument normed_t --unit 一中 \
	    --from 2027-03-15 --to 2027-03-30 --force
	printf '学号,n1,n2,n3\nS1,2,2,2\nS2,2,2,2\nS3,2,2,2\nS4,2,2,2\n' > a.csv
	run ph-screen import --campaign c1 a.csv
	[ "$status" -eq 0 ]
	run sqlite3 "$PH_DB" "SELECT p.person_no || ' ' || r.scores FROM response r JOIN person p ON p.id = r.person_id ORDER BY p.person_no"
	# S1 is 13 on 2027-03-15, S2 (born a day later) still 12
	[ "${lines[0]}" = 'S1 {"total":6,"total_band":"high","total_t":55,"worry":2,"worry_band":"elevated","worry_t":60,"norm":"m_13_18"}' ]
	[ "${lines[1]}" = 'S2 {"total":6,"total_band":"high","total_t":65,"worry":2,"worry_band":"typical","worry_t":55,"norm":"f_8_12"}' ]
	[ "${lines[2]}" = 'S3 {"total":6,"total_band":"high","worry":2,"worry_band":null,"norm":null,"norm_raw":"age not known"}' ]
	[ "${lines[3]}" = 'S4 {"total":6,"total_band":"high","worry":2,"worry_band":null,"norm":null,"norm_raw":"no norm group for M aged 19"}' ]
	# a re-score norms them in the same groups: nothing changes
	before=$(sqlite3 "$PH_DB" "SELECT group_concat(scores, '|') FROM response")
	run ph-screen rescore --campaign c1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(scores, '|') FROM response")" = "$before" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'screen.rescore'")" -eq 0 ]
}

@test "import: norms by grade from the roster's class" {
	roster
	ph-screen campaign create c1 --instrument shape_mht --unit 一中 \
	    --from 2027-03-15 --to 2027-03-30
	printf '学号,a1,a2,a3,b1,b2,b3,l1,l2\nS1,1,1,1,0,0,0,0,0\n' > a.csv
	run ph-screen import --campaign c1 a.csv
	[ "$status" -eq 0 ]
	# grade 7 (初一): study (3-1.5)/1 -> sten 9, social (0-1)/.8 -> 3
	[ "$(sqlite3 "$PH_DB" "SELECT scores FROM response")" = '{"study":3,"study_band":"high","study_sten":9,"social":0,"social_band":"normal","social_sten":3,"lie":0,"lie_band":null,"norm":"all_7_12"}' ]
}

@test "campaign create: refuses units outside an instrument's ages, naming them and the instrument; --force" {
	roster
	run ph-screen campaign create c1 --instrument phq9,normed_t \
	    --from 2027-03-15 --to 2027-03-30
	[ "$status" -eq 65 ]
	# 小学/三年级/1班 is 8 (2018-05-01), within 8-18: only the class
	# with a pupil of 19 is outside
	output_has "instrument 'normed_t' is for ages 8 to 18, and 1 unit is outside: 一中/七年级/2班 (age 19); --force gives it to them all the same"
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM campaign")" -eq 0 ]
	run ph-screen campaign create c1 --instrument normed_t --unit 一中/初一/1班 \
	    --from 2027-03-15 --to 2027-03-30
	[ "$status" -eq 0 ]
	run ph-screen campaign create c2 --instrument normed_t --from 2027-03-15 \
	    --to 2027-03-30 --force
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(code) FROM campaign")" = "c1,c2" ]
}

@test "campaign create: refuses grades outside an instrument's grades; an instrument for anyone is given to all" {
	roster
	run ph-screen campaign create c1 --instrument shape_mht --from 2027-03-15 \
	    --to 2027-03-30
	[ "$status" -eq 65 ]
	output_has "instrument 'shape_mht' is for grades 4 to 12, and 2 units are outside: 小学/三年级 (grade 3), 小学/三年级/1班 (grade 3)"
	run ph-screen campaign create c1 --instrument shape_mht --unit 一中 \
	    --from 2027-03-15 --to 2027-03-30
	[ "$status" -eq 0 ]
	run ph-screen campaign create c2 --instrument phq9 --from 2027-03-15 \
	    --to 2027-03-30
	[ "$status" -eq 0 ]
}

@test "instruments for pupils: SCARED and PHQ-A pass check and score a fixture" {
	unset PH_PATH
	run ph-screen check "$PH_SHARE/instruments/scared.yaml" \
	    "$PH_SHARE/instruments/phqa.yaml" "$PH_SHARE/policy.yaml"
	[ "$status" -eq 0 ]
	# SCARED: 25 is the published cut-off of the total; the panic items
	# (1 6 9 12 15 18 19 22 24 27 30 34 38) at 1 each are 13, >= 7
	{
		printf 'id'; for i in $(seq 41); do printf ',%s' "$i"; done; echo
		printf 'a'; for i in $(seq 41); do
			case " 1 6 9 12 15 18 19 22 24 27 30 34 38 " in
			*" $i "*) printf ',1' ;; *) printf ',0' ;; esac; done; echo
		printf 'b'; for i in $(seq 41); do
			if [ "$i" -le 12 ]; then printf ',2'; elif [ "$i" -eq 13 ]; then printf ',1'; else printf ',0'; fi; done; echo
	} > s.csv
	run ph-screen score scared s.csv
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1-5)" = "$(printf '%s\n' \
	    "id	total	total_band	panic	panic_band" \
	    "a	13	below_cutoff	13	positive" \
	    "b	25	anxiety	8	positive")" ]
	printf '学号,1,2,3,4,5,6,7,8,9,10,11,12,13\nq,1,1,1,1,1,1,1,1,0,0,0,1,0\n' > p.csv
	run ph-screen score phqa p.csv
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") total q)" = 8 ]
	[ "$(tsv_get <(echo "$output") critical q)" = phqa_month_ending ]
}

@test "instruments for pupils: the shipped policy gives SCARED's total of 25 a yellow card" {
	unset PH_PATH
	roster
	ph-screen campaign create c1 --instrument scared --unit 一中/初一/1班 \
	    --from 2027-03-15 --to 2027-03-30
	{
		printf '学号'; for i in $(seq 41); do printf ',%s' "$i"; done; echo
		printf 'S1'; for i in $(seq 41); do
			if [ "$i" -le 12 ]; then printf ',2'; elif [ "$i" -eq 13 ]; then printf ',1'; else printf ',0'; fi; done; echo
		printf 'S2'; for i in $(seq 41); do
			if [ "$i" -le 12 ]; then printf ',2'; else printf ',0'; fi; done; echo
	} > s.csv
	run ph-screen import --campaign c1 s.csv
	[ "$status" -eq 0 ]
	run ph-screen cards --campaign c1
	output_has "SCARED 总分≥25，可能存在焦虑障碍"
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(p.person_no || ':' || c.color) FROM card c JOIN person p ON p.id = c.person_id")" = "S1:yellow,S2:none" ]
}

@test "shapes: SCL-90 (factor means, positive items), UPI (key and lie items), MHT pass check, as do ph-instrument(5)'s examples" {
	run ph-screen check "$DATA/shape_scl90.yaml" "$DATA/shape_upi.yaml" \
	    "$DATA/shape_mht.yaml"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f4)" = "$(printf '%s\n' summary \
	    "7 items, 6 scales, 0 critical" "6 items, 2 scales, 1 critical" \
	    "8 items, 3 scales, 0 critical, for grades 4 to 12, norms: sten by grade, 3 groups")" ]
	printf 'id,s1,s2,s3,s4,s5,s6,s7\nx,1,3,2,2,1,1,5\n' > scl.csv
	run ph-screen score shape_scl90 scl.csv
	[ "$status" -eq 0 ]
	# factors: 2 positive, 2 positive, 1 normal; total 15, mean 2.14,
	# four items at 2 or more
	[ "$(printf '%s\n' "$output" | sed -n 2p | cut -f1-12)" = "$(printf 'x\t2\tpositive\t2\tpositive\t1\tnormal\t15\t\t2.14\t\t4')" ]
	printf 'id,u1,u2,u3,u4,l1,l2\nx,1,0,1,0,1,1\n' > upi.csv
	run ph-screen score shape_upi upi.csv
	[ "$(tsv_get <(echo "$output") total_band x)" = class_b ]
	[ "$(tsv_get <(echo "$output") critical x)" = u3 ]
	# each example of the man page that is an instrument
	awk '/^\.Bd -literal/ { n++; f = sprintf("ex%d.yaml", n); next }
	    /^\.Ed/ { f = ""; next } f != "" { print > f }' \
	    "$BATS_TEST_DIRNAME/../../man/ph-instrument.5"
	ls ex*.yaml > /dev/null
	for f in ex*.yaml; do
		grep -q '^id:' "$f" || continue
		run ph-screen check "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; return 1; }
	done
}

@test "cards say which instruments each person took" {
	unset PH_PATH
	roster
	ph-screen campaign create c1 --instrument phq9,gad7 --unit 一中/初一/1班 \
	    --from 2027-03-15 --to 2027-03-30
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,3,3,3,3,3,3,3,0,0\nS2,0,0,0,0,0,0,0,0,0\n' > p.csv
	printf '学号,1,2,3,4,5,6,7\nS1,1,1,1,1,1,1,1\n' > g.csv
	ph-screen import --campaign c1 --instrument phq9 p.csv
	ph-screen import --campaign c1 --instrument gad7 g.csv
	run ph-screen cards --campaign c1
	[ "$status" -eq 0 ]
	[ "${lines[0]##*$'\t'}" = instruments ]
	took() { printf '%s\n' "$output" | awk -F'\t' -v id="$1" '$2 == id { print $NF }'; }
	[ "$(took S1 | tr , '\n' | sort | paste -sd,)" = gad7,phq9 ]
	[ "$(took S2)" = phq9 ]
}
