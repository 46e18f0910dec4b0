# Deterministic synthetic PHQ-9 answers for the benchmark:
#   awk -v n=1000000 -f bench/gen-phq9.awk > phq9.csv
# Columns as a survey export has them: a number, a time, the id, then the
# nine answers, mostly as values, some as option texts.
BEGIN {
	if (n == "")
		n = 1000000
	split("完全不会 好几天 一半以上的天数 几乎每天", text, " ")
	printf "序号,提交时间,学号"
	for (q = 1; q <= 9; q++)
		printf ",%d", q
	printf "\n"
	for (i = 1; i <= n; i++) {
		printf "%d,2026-09-02 10:%02d,S%07d", i, i % 60, i
		for (q = 1; q <= 9; q++) {
			v = (i * (q + 3) + q * q) % 7
			v = v > 3 ? v - 4 : v
			if (i % 10 == 0)
				printf ",%s", text[v + 1]
			else
				printf ",%d", v
		}
		printf "\n"
	}
}
