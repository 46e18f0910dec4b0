# Deterministic synthetic PHQ-9 answers for the benchmark:
#   awk -v n=1000000 -f bench/gen-phq9.awk > phq9.csv
# Columns as a survey export has them: a number, a time, the id, then the
# nine answers, mostly as values, some as option texts.  The answers are
# spread evenly over the options (most totals moderate or worse: a worst
# case for scoring and cards); with -v realistic=1 they are spread as a
# school's are, most pupils well, a few percent red (for ph-alert); with
# -v held=1, one row in a hundred is one an import holds: half with a
# cell that is no option, half from a number not on the roster.
BEGIN {
	if (n == "")
		n = 1000000
	split("完全不会 好几天 一半以上的天数 几乎每天", text, " ")
	printf "序号,提交时间,学号"
	for (q = 1; q <= 9; q++)
		printf ",%d", q
	printf "\n"
	for (i = 1; i <= n; i++) {
		bad = held && i % 100 == 50
		printf "%d,2026-09-02 10:%02d,%s%07d", i, i % 60,
		    bad && i % 200 == 150 ? "X" : "S", i
		lvl = (i * 7) % 40
		for (q = 1; q <= 9; q++) {
			v = (i * (q + 3) + q * q) % 7
			v = v > 3 ? v - 4 : v
			if (realistic) {
				h = (i * (q + 5) + q) % 12
				v = lvl < 26 ? (h < 3) : lvl < 34 ? (h < 4 ? 0 : \
				    h < 11 ? 1 : 2) : lvl < 38 ? (h < 8 ? 1 : 2) : \
				    lvl < 39 ? (h < 6 ? 1 : h < 11 ? 2 : 3) : \
				    (h < 6 ? 2 : 3)
				if (q == 9 && i % 61 != 0)
					v = 0
			}
			if (bad && q == 3 && i % 200 == 50)
				printf ",经常"
			else if (i % 10 == 0)
				printf ",%s", text[v + 1]
			else
				printf ",%d", v
		}
		printf "\n"
	}
}
