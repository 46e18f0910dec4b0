#!/usr/bin/env bats
# The man pages' EXAMPLES: every command line shown is one its program
# takes (no usage error), and every YAML file shown passes ph-screen check.

load helpers

MAN="$BATS_TEST_DIRNAME/../../man"

setup() {
	setup_with_shipped_policy
	write_roster roster.csv
	ph-intake roster roster.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 \
	    --to 2026-09-15 > /dev/null
}

# The text of each EXAMPLES section, with mandoc's escapes undone.
examples() {
	for page in "$MAN"/*.[1-9]; do
		sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$page" |
		    sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g'
	done
}

# The command lines shown ("$ ph-..." in a display, or ".Dl $ ph-..."),
# continuation lines joined, one a line.
command_lines() {
	examples | sed -e 's/^\.Dl //' | awk '
		joining { sub(/^[ \t]+/, ""); line = line " " $0 }
		!joining && /^\$ ph-/ { line = substr($0, 3) }
		{ if (line != "" && sub(/[ \t]*\\$/, "", line)) { joining = 1; next } }
		line != "" { print line; line = ""; joining = 0 }'
}

@test "man pages: the examples show commands of every program" {
	run command_lines
	[ "$status" -eq 0 ]
	for p in ph-intake ph-screen ph-alert ph-schedule ph-report; do
		[[ "$output" == *"$p "* ]]
	done
	# a continued line is joined, its backslash gone
	[[ "$output" == *"--to 2027-01-20 --calendar 校历.csv"* ]]
}

# Runs each command line on stdin (the first command of a pipeline,
# without its redirections: what is checked is that the program takes
# the words shown); fails at the first one refused as a usage error.
all_taken() {
	while IFS= read -r line; do
		cmd=$(printf '%s\n' "$line" | sed -e 's/ | .*//' \
		    -e 's/ [<>] [^ ]*//g')
		status=0
		out=$(eval "$cmd" < /dev/null 2>&1) || status=$?
		if [ "$status" -eq 64 ] || [[ "$out" == *"usage:"* ]]; then
			echo "not taken ($status): $cmd" >&2
			echo "$out" >&2
			return 1
		fi
	done
}

@test "man pages: every example command is taken as written (no usage error)" {
	command_lines > lines.txt
	[ "$(wc -l < lines.txt)" -ge 30 ]
	all_taken < lines.txt
}

@test "man pages: an example with an unknown option or command would be found" {
	printf '%s\n' 'ph-report coverage --by class' \
	    'ph-report coverage --no-such-option' > bad.txt
	run all_taken < bad.txt
	[ "$status" -eq 1 ]
	[[ "$output" == *"not taken (64): ph-report coverage --no-such-option"* ]]
	printf '%s\n' 'ph-screen cards --campaign 2026秋 --summary | sort > x.tsv' \
	    'ph-screen crads --campaign 2026秋' > bad.txt
	run all_taken < bad.txt
	[ "$status" -eq 1 ]
	[[ "$output" == *"not taken (64): ph-screen crads --campaign 2026秋"* ]]
	# the pipeline's first command ran, its redirection dropped
	[ ! -e x.tsv ]
}

@test "man pages: every YAML file in section 5 passes ph-screen check" {
	n=0
	for page in "$MAN"/*.5; do
		sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$page" | awk -v base="${page##*/}" '
			/^\.Bd -literal/ { n++; f = sprintf("%s-%d.yaml", base, n); inside = 1; next }
			/^\.Ed/ { inside = 0; next }
			inside { print > f }'
	done
	for f in *.yaml; do
		[ -e "$f" ] || continue
		# a display of YAML begins with a key
		head -n 1 "$f" | grep -q '^[a-z_]*:' || continue
		run ph-screen check "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output" >&2; return 1; }
		n=$((n + 1))
	done
	# the instrument page's and the policy page's
	[ "$n" -ge 2 ]
}
