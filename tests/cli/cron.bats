#!/usr/bin/env bats
# The shipped crontab as cron(8) runs it (/bin/sh -c, an environment of
# only the crontab's settings, HOME, LOGNAME and SHELL, in HOME): quiet,
# so no mail, when nothing happened; what happened logged or mailed.
# --quiet on its own; term-end.sh's mail through any sendmail(8).

load helpers

setup() {
	setup_with_shipped_policy
	EXAMPLES="$PH_SHARE/examples"
	mkdir home sbin log mail
	# sendmail(8) where Debian has it (/usr/sbin, in the crontab's PATH);
	# the fake keeps each message in mail/
	printf '#!/bin/sh\nFAKE_MAIL_DIR=%s exec %s "$@"\n' \
	    "$BATS_TEST_TMPDIR/mail" \
	    "$BATS_TEST_DIRNAME/../data/bin/fake-sendmail" > sbin/sendmail
	chmod +x sbin/sendmail
	cp "$PH_SHARE/policy.yaml" policy.yaml
	cat > students.csv <<'CSV'
学号,姓名,性别,学校,年级,班级
S1,甲,男,一中,初一,1班
S2,乙,女,一中,初一,1班
CSV
	ph-intake roster students.csv > /dev/null
	# the whole warning network, monitors too: ph-report gaps has nothing
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
心理委员,一中,初一,1班,甲,男,,
心理委员,一中,初一,1班,乙,女,,
年级主任,一中,初一,,李主任,男,13900000002,li@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
校领导,一中,,,钱校长,男,13900000004,qian@school.test
CSV
	ph-intake contacts contacts.csv > /dev/null
	# the crontab as installed here: this build instead of the prefix,
	# the fake sendmail's directory for /usr/sbin, this test's files
	sed -e "s|@PREFIX@/bin|$PH_BIN|g" \
	    -e "s|@PREFIX@/share/ph|$PH_SHARE|g" \
	    -e "s|/usr/sbin|$BATS_TEST_TMPDIR/sbin|g" \
	    -e "s|/var/log/ph|$BATS_TEST_TMPDIR/log|g" \
	    -e "s|^PH_DB=.*|PH_DB=$PH_DB|" \
	    -e "s|^PH_POLICY=.*|PH_POLICY=$BATS_TEST_TMPDIR/policy.yaml|" \
	    "$EXAMPLES/crontab" > crontab
}

# The jobs of crontab, one a line, without their times.
cron_jobs() {
	sed -n '/^[0-9*@]/p' crontab | sed -E 's/^@[a-z]+[ \t]+//;
	    t; s/^([^ \t]+[ \t]+){5}//'
}

# Runs each job of crontab whose command begins with $1 as cron runs it: /bin/sh
# -c in HOME, with only HOME, LOGNAME, SHELL and the settings above the job
# (later ones win), and $CRON_ENV (one PH_NOW=...) when a test needs a
# time.
# Leaves the job's stdout in cron.out, stderr in cron.err, status in
# cron.status, for the last job run.
cron_run() {
	local line cmd name value status
	local -a vars=()

	while IFS= read -r line; do
		case $line in
		'' | '#'*) continue ;;
		[A-Za-z_]*=*)
			name=${line%%=*} value=${line#*=}
			name=${name%"${name##*[! ]}"}
			value=${value#"${value%%[! ]*}"}
			case $value in
			\"*\" | \'*\') value=${value:1:${#value}-2} ;;
			esac
			vars+=("$name=$value")
			continue ;;
		esac
		cmd=$(printf '%s\n' "$line" | sed -E 's/^@[a-z]+[ \t]+//; t;
		    s/^([^ \t]+[ \t]+){5}//')
		[[ $cmd == "$1"* ]] || continue
		status=0
		(cd home && env -i HOME="$BATS_TEST_TMPDIR/home" LOGNAME=ph \
		    SHELL=/bin/sh "${vars[@]}" ${CRON_ENV:+"$CRON_ENV"} \
		    /bin/sh -c "$cmd" < /dev/null > ../cron.out 2> ../cron.err) ||
		    status=$?
		echo "$status" > cron.status
	done < crontab
}

# Whether cron would mail for the last job: it mails whatever was written.
cron_silent() {
	if [ -s cron.out ] || [ -s cron.err ]; then
		echo "cron would mail:"; cat cron.out cron.err
		return 1
	fi
	[ "$(cat cron.status)" -eq 0 ]
}

# S2 screened red at 2026-09-01 08:00: an alert to the counsellor and the
# class teacher, who have until the next day.
raise_red() {
	ph-screen campaign create 2026秋 --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\nS2,3,3,3,3,3,3,2,2,0\n' \
	    > answers.csv
	ph-screen import --campaign 2026秋 answers.csv > /dev/null
	ph-alert raise --campaign 2026秋 > /dev/null 2>&1
}

@test "crontab: PATH with the prefix and sendmail's /usr/sbin, LANG, MAILTO, PH_DB, PH_POLICY, TZ; every job --quiet" {
	tab="$EXAMPLES/crontab"
	grep -qx 'PATH=@PREFIX@/bin:/usr/sbin:/usr/bin:/bin' "$tab"
	grep -qx 'LANG=C.UTF-8' "$tab"
	grep -q '^MAILTO=[^ ]*@' "$tab"
	grep -q '^PH_DB=/' "$tab"
	grep -q '^PH_POLICY=/' "$tab"
	grep -q '^TZ=' "$tab"
	# not the old, wrong story of how cron decides to mail
	! grep -qi 'exit 1.*so cron mails' "$tab"
	[ "$(cron_jobs | wc -l)" -ge 6 ]
	cron_jobs | while IFS= read -r job; do
		# cron cuts a command at an unescaped %
		[[ $job != *%* ]]
		# each ph program of the job runs --quiet
		for prog in $(printf '%s\n' "$job" | grep -o 'ph-[a-z]* [a-z]*' |
		    tr ' ' '_'); do
			printf '%s\n' "$job" | grep -q "${prog/_/ } [^&|>]*--quiet" ||
			    { echo "$job: $prog without --quiet"; return 1; }
		done
	done
}

@test "crontab: installed, its PATH and paths name the prefix" {
	make -s -C "$BATS_TEST_DIRNAME/../.." install PREFIX=/opt/ph \
	    DESTDIR="$BATS_TEST_TMPDIR/root" BUILD="$(dirname "$PH_BIN")" \
	    > /dev/null
	tab="$BATS_TEST_TMPDIR/root/opt/ph/share/ph/examples/crontab"
	grep -qx 'PATH=/opt/ph/bin:/usr/sbin:/usr/bin:/bin' "$tab"
	grep -q 'sh /opt/ph/share/ph/examples/term-end.sh ' "$tab"
	! grep -q '@PREFIX@' "$tab"
}

@test "cron: on a quiet database every job prints nothing and exits 0" {
	run ph-report gaps
	[ "$status" -eq 0 ]
	for job in "ph-alert escalate" "ph-report gaps" "ph-alert case list" \
	    "ph-schedule remind" "ph-alert deliver"; do
		cron_run "$job"
		cron_silent
	done
	# nor is anything logged or sent: no header over nothing
	[ ! -s log/escalate.tsv ]
	[ ! -s log/remind.tsv ]
	[ ! -s log/deliver.tsv ]
	[ -z "$(ls mail)" ]
}

@test "cron: an alert nobody acknowledged is escalated into the log, and sent, without a mail from cron" {
	raise_red
	# delivered at once: then escalated a day later
	CRON_ENV="PH_NOW=2026-09-01 08:05" cron_run "ph-alert deliver"
	CRON_ENV="PH_NOW=2026-09-02 09:00" cron_run "ph-alert escalate"
	cron_silent
	[ "$(head -n 1 log/escalate.tsv)" = "$(printf 'alert\tid\tunit\tfrom\tto\ttold\tgaps')" ]
	grep -q $'\tS2\t一中/七年级/1班\t1\t2\t李主任(grade_head)' log/escalate.tsv
	# the minute after: nothing more, nothing appended
	CRON_ENV="PH_NOW=2026-09-02 09:01" cron_run "ph-alert escalate"
	cron_silent
	[ "$(wc -l < log/escalate.tsv)" -eq 2 ]
	# the grade head's message goes out through sendmail from /usr/sbin
	rm -f mail/*
	CRON_ENV="PH_NOW=2026-09-02 09:05" cron_run "ph-alert deliver"
	# sent without a failure: logged, and nothing for cron to mail
	cron_silent
	grep -q $'\tli@school.test\tgrade_head\tsent\t' log/deliver.tsv
	[ "$(grep -l '^To: .*li@school.test' mail/* | wc -l)" -eq 1 ]
}

@test "cron: the evening's reminders are logged and sent; what fell through the cracks and late case steps are mailed" {
	printf '日期,类型,说明\n' > cal.csv
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 \
	    --calendar cal.csv > /dev/null
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,一中,个体咨询,2,周三,16:30,18:30,预约咨询\n' > rooms.csv
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	CRON_ENV="PH_NOW=2026-09-01 19:00" cron_run "ph-schedule remind"
	[ ! -s cron.out ]
	[ "$(cat cron.status)" -eq 0 ]
	[ "$(wc -l < log/remind.tsv)" -eq 3 ]
	grep -q $'\t赵老师\tcounsellor$' log/remind.tsv
	[ "$(grep -c $'\tsent\t' log/deliver.tsv)" -eq 2 ]
	[ "$(ls mail | wc -l)" -eq 2 ]

	# a red card nobody raised an alert for: the gaps, mailed to the
	# counsellor, names in UTF-8 (cron labels its mail by the crontab's
	# LANG)
	ph-screen campaign create 2026秋 --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\nS2,3,3,3,3,3,3,2,2,0\n' > answers.csv
	ph-screen import --campaign 2026秋 answers.csv > /dev/null
	CRON_ENV="PH_NOW=2026-09-02 07:15" cron_run "ph-report gaps"
	[ "$(head -n 1 cron.out)" = "$(printf 'where\tid\tname\tproblem\tsince\tfix')" ]
	grep -q $'\tS2\t乙\t' cron.out
	[ "$(cat cron.status)" -eq 1 ]

	# a crisis case whose guardian step is late: to the counsellor
	ph-alert case open S2 --kind crisis --by 赵老师 > /dev/null
	CRON_ENV="PH_NOW=2026-09-03 07:30" cron_run "ph-alert case list"
	[ ! -s cron.err ]
	[ "$(cat cron.status)" -eq 0 ]
	[ "$(wc -l < cron.out)" -eq 2 ]
	grep -q $'\tS2\t乙\tcrisis\t' cron.out
	# what names pupils is mailed to the counsellor, errors of the jobs
	# that name nobody to the administrator
	mailto() {
		awk -v job="$1" '/^MAILTO=/ { m = $0 }
		    !/^#/ && index($0, job) { print m }' crontab
	}
	[ "$(mailto 'ph-alert case list')" = MAILTO=counsellor@school.example ]
	[ "$(mailto 'ph-report gaps')" = MAILTO=counsellor@school.example ]
	[ "$(mailto 'ph-alert escalate')" = MAILTO=ph-admin@school.example ]
	[ "$(mailto 'ph-schedule remind')" = MAILTO=ph-admin@school.example ]
}

@test "--quiet: nothing over an empty result, the same records over a full one, in every format" {
	run ph-alert list --open
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	for f in tsv csv jsonl; do
		run ph-alert list --open --quiet --format "$f"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
	run ph-intake roster students.csv -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run ph-intake contacts contacts.csv --quiet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	raise_red
	run ph-alert raise --campaign 2026秋 --quiet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	for f in tsv csv jsonl; do
		ph-alert list --open --format "$f" > loud
		ph-alert list --open --format "$f" -q > quiet
		cmp loud quiet
		[ "$(wc -l < quiet)" -ge 1 ]
	done
	# a load that changed something still says so
	printf 'S3,丙,男,一中,初一,1班\n' >> students.csv
	run ph-intake roster students.csv --quiet
	[ "${lines[1]}" = "$(printf '3\t1\t0\t2\t0\t0')" ]
}

@test "--quiet: every program's --help and man page list it" {
	for p in ph-intake ph-screen ph-alert ph-schedule ph-report; do
		"$p" --help | grep -q -- '-q|--quiet'
		"$p" help | grep -q -- '-q|--quiet'
		grep -qx '.It Fl q , Fl \\-quiet' \
		    "$BATS_TEST_DIRNAME/../../man/$p.1"
	done
}

@test "term-end.sh: one strict MIME mail through sendmail -t, whose attachments are the reports; nothing from cron" {
	raise_red
	CRON_ENV="PH_NOW=2026-09-20 18:00" cron_run "sh "
	cron_silent
	[ "$(ls mail | wc -l)" -eq 1 ]
	mkdir want
	export PH_NOW="2026-09-20 18:00"
	ph-report html --campaign 2026秋 --by class -o want/report.html
	ph-report upward --campaign 2026秋 --by school > want/upward.tsv
	ph-report upward --care > want/care.tsv
	ph-report compliance > want/compliance.tsv
	ph-report gaps > want/gaps.tsv || true
	/usr/bin/python3 - mail/* want <<'PY'
import email, email.policy, os, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default.clone(raise_on_defect=True))
assert m["To"].addresses[0].addr_spec == "counsellor@school.example", m["To"]
assert str(m["Subject"]) == "ph: 2026秋, term end", m["Subject"]
assert m["Date"].datetime is not None and m["From"].addresses
assert m["Message-ID"].startswith("<") and "@" in m["Message-ID"]
assert m.get_content_type() == "multipart/mixed"
for line in raw.split(b"\n"):
    assert len(line) <= 78, line
body = m.get_body(("plain",))
assert body["Content-Type"].params["charset"].lower() == "utf-8"
assert "What fell through the cracks" in body.get_content()
got = {p.get_filename(): p.get_payload(decode=True) for p in m.iter_attachments()}
want = {f: open(os.path.join(sys.argv[2], f), "rb").read() for f in os.listdir(sys.argv[2])}
assert got == want, (sorted(got), sorted(want))
assert "乙" in got["gaps.tsv"].decode()
PY
}

@test "term-end.sh: a long Chinese campaign's subject in encoded words of whole characters, lines within 78" {
	c=2026秋心理健康普查第一轮全体学生及教职工补测与复测
	ph-screen campaign create "$c" --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
	PATH="$BATS_TEST_TMPDIR/sbin:$PATH" run sh "$EXAMPLES/term-end.sh" "$c" \
	    counsellor@school.example
	[ "$status" -eq 0 ]
	/usr/bin/python3 - mail/* "$c" <<'PY'
import email, email.policy, re, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default.clone(raise_on_defect=True))
assert str(m["Subject"]) == "ph: %s, term end" % sys.argv[2], str(m["Subject"])
head = raw.split(b"\n\n", 1)[0]
words = re.findall(rb"=\?UTF-8\?B\?[^?]*\?=", head)
assert len(words) >= 2 and all(len(w) <= 75 for w in words), words
for line in head.split(b"\n"):
    assert len(line) <= 78, line
PY
}

@test "term-end.sh: when sendmail fails, the reports are kept, the place said, exit non-zero" {
	raise_red
	printf '#!/bin/sh\ncat > /dev/null\necho "sendmail: cannot connect" >&2\nexit 75\n' \
	    > sbin/sendmail
	CRON_ENV="PH_NOW=2026-09-20 18:00" cron_run "sh "
	[ "$(cat cron.status)" -ne 0 ]
	grep -q "kept in $BATS_TEST_TMPDIR/home/term-end-2026秋" cron.err
	for f in report.html upward.tsv care.tsv compliance.tsv gaps.tsv \
	    message.eml; do
		[ -s "home/term-end-2026秋/$f" ]
	done
	# the next failure does not overwrite the first
	CRON_ENV="PH_NOW=2026-09-20 18:00" cron_run "sh "
	[ -s home/term-end-2026秋.1/report.html ]
	# no sendmail at all: the same
	rm sbin/sendmail
	PATH="$PH_BIN:/usr/bin:/bin" PH_KEEP_DIR="$BATS_TEST_TMPDIR/kept" \
	    PH_SENDMAIL="$BATS_TEST_TMPDIR/sbin/sendmail" run sh \
	    "$EXAMPLES/term-end.sh" 2026秋 counsellor@school.example
	[ "$status" -eq 75 ]
	[ -s kept/term-end-2026秋/gaps.tsv ]
}

@test "term-end.sh: an address that would carry another header is refused" {
	run sh "$EXAMPLES/term-end.sh" 2026秋 "$(printf 'a@school.example\nBcc: x@evil.example')"
	[ "$status" -eq 64 ]
	run sh "$EXAMPLES/term-end.sh" 2026秋 "a@school.example, x@evil.example"
	[ "$status" -eq 64 ]
	[ -z "$(ls mail)" ]
}
