#!/bin/sh
# The end of a term, from cron (see crontab): the school's own report for
# the counsellor and the principal, the upward report for the district,
# and what fell through the cracks, in one mail.  Nothing is written to
# the databases.
#   PH_DB=/var/lib/ph/ph.db sh term-end.sh 2026秋 counsellor@school.example
# A district with a file per school: PH_REPORT_DB=/var/lib/ph/schools.
#
# The mail is made here (MIME: a UTF-8 text, each report attached in
# base64) and handed to sendmail -t, which every mail server installs
# (exim4, postfix, msmtp-mta, nullmailer), so no mail(1) is needed.
#   PH_SENDMAIL   the sendmail to use (default: sendmail on PATH, else
#                 /usr/sbin/sendmail)
#   PH_MAIL_FROM  the From: address (default the account @ this host)
#   PH_KEEP_DIR   where the reports are kept when the mail cannot be
#                 sent (default the current directory: cron's is HOME)
# When sendmail fails the reports are kept in PH_KEEP_DIR/term-end-CAMPAIGN
# (with the message as message.eml), the place is said on stderr, and the
# exit status is 75; nothing is ever deleted unsent.
set -eu
usage="usage: term-end.sh CAMPAIGN ADDRESS"
campaign=${1:?$usage}
to=${2:?$usage}
db=${PH_REPORT_DB:-${PH_DB:-ph.db}}
host=$(uname -n)
from=${PH_MAIL_FROM:-$(id -un)@$host}
# sendmail is in /usr/sbin, which is not on cron's default PATH
sendmail=${PH_SENDMAIL:-$(command -v sendmail || echo /usr/sbin/sendmail)}

# one address, nothing a header could be smuggled in with
nl='
'
for a in "$to" "$from"; do
	case $a in
	*@*) ;;
	*) echo "term-end.sh: '$a' is not an e-mail address" >&2; exit 64 ;;
	esac
	case $a in
	*[\ ,\;\<\>\"\(\)]* | *"$nl"* | *"$(printf '\r')"*)
		echo "term-end.sh: '$a': one plain address expected" >&2
		exit 64 ;;
	esac
done

umask 077	# the reports name pupils
out=$(mktemp -d "${TMPDIR:-/tmp}/term-end.XXXXXX")
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT TERM

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

random=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
boundary="=_ph_term_end_$random"

# An RFC 2047 header value: as it is when it is short printable ASCII,
# else UTF-8 encoded words of whole characters (39 bytes: 64 characters
# a word), one a line, so no line is over 78.
header_text() {
	case $1 in
	*[!\ -~]*) ;;
	*) if [ ${#1} -le 60 ]; then printf '%s' "$1"; return; fi ;;
	esac
	printf '%s' "$1" | LC_ALL=C awk '
	BEGIN { for (i = 128; i < 192; i++) tail[sprintf("%c", i)] = 1 }
	{ s = s (NR > 1 ? "\n" : "") $0 }
	END {
		n = length(s); word = ""
		for (i = 1; i <= n; i = j) {
			for (j = i + 1; j <= n && (substr(s, j, 1) in tail); j++)
				;
			c = substr(s, i, j - i)
			if (length(word) + length(c) > 39) {
				print word; word = ""
			}
			word = word c
		}
		print word
	}' | {
		sep=
		while IFS= read -r word; do
			printf '%s=?UTF-8?B?%s?=' "$sep" \
			    "$(printf '%s' "$word" | base64 -w 0)"
			sep="$nl "
		done
	}
}

# One attachment: its headers, then the file in base64 (76 a line).
attach() {	# FILE NAME TYPE
	printf '\n--%s\n' "$boundary"
	printf 'Content-Type: %s; charset=UTF-8; name="%s"\n' "$3" "$2"
	printf 'Content-Disposition: attachment; filename="%s"\n' "$2"
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$1"
}

gaps=$(($(wc -l < "$out/gaps.tsv") - 1))
[ "$gaps" -ge 0 ] || gaps=0
{
	printf 'From: %s\n' "$from"
	printf 'To: %s\n' "$to"
	printf 'Subject: %s\n' "$(header_text "ph: $campaign, term end")"
	printf 'Date: %s\n' "$(LC_ALL=C date '+%a, %d %b %Y %H:%M:%S %z')"
	printf 'Message-ID: <term-end.%s@%s>\n' "$random" "$host"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed;\n boundary="%s"\n' "$boundary"
	printf '\nThis is a MIME message: the reports are attached.\n'
	printf '\n--%s\n' "$boundary"
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	{
		echo "The end of $campaign."
		echo
		echo "What fell through the cracks ($gaps lines, gaps.tsv):"
		cat "$out/gaps.tsv"
		echo
		echo "Compliance (compliance.tsv):"
		cat "$out/compliance.tsv"
		echo
		echo "Attached: report.html (the school's report, by class; it"
		echo "prints on A4), upward.tsv (for the district: no names),"
		echo "care.tsv, compliance.tsv, gaps.tsv."
	} | base64
	attach "$out/report.html" report.html text/html
	for f in upward care compliance gaps; do
		attach "$out/$f.tsv" "$f.tsv" text/tab-separated-values
	done
	printf '\n--%s--\n' "$boundary"
} > "$out/message.eml"

status=0
$sendmail -t -i < "$out/message.eml" || status=$?
[ "$status" -eq 0 ] && exit 0

# not sent: keep everything where the caller can find it
keep=${PH_KEEP_DIR:-.}/term-end-$campaign
n=1
while [ -e "$keep" ]; do keep=${PH_KEEP_DIR:-.}/term-end-$campaign.$n; n=$((n + 1)); done
mkdir -p "$keep"
cp "$out"/* "$keep/"
echo "term-end.sh: $sendmail failed (exit $status); the reports and the" \
    "message are kept in $(cd "$keep" && pwd)" >&2
exit 75
