# The reference for ph-screen score: sum nine columns (values only; the
# option texts count as their value) and pick the PHQ-9 band.
BEGIN {
	FS = ","
	t["完全不会"] = 0; t["好几天"] = 1; t["一半以上的天数"] = 2; t["几乎每天"] = 3
}
NR == 1 { next }
{
	s = 0
	for (q = 4; q <= 12; q++)
		s += ($q in t) ? t[$q] : $q
	b = s <= 4 ? "minimal" : s <= 9 ? "mild" : s <= 14 ? "moderate" : \
	    s <= 19 ? "moderately_severe" : "severe"
	print $3 "\t" s "\t" b "\t" ($12 + 0 >= 1 || $12 in t && t[$12] >= 1)
}
