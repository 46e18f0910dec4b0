#!/bin/sh
# The layers of lib/ point one way: a file includes headers of its own
# folder and of folders listed before it, never one after it.  Usage:
# tests/layers.sh LAYER... (lowest first, as the Makefile's LAYERS).
# Programs (cmd/) and tests stand above every layer.
status=0
map=$(mktemp) && out=$(mktemp) || exit 1
rank=0
for layer in "$@"; do
	rank=$((rank + 1))
	for h in lib/"$layer"/*.h; do
		[ -e "$h" ] && echo "${h##*/} $rank $layer"
	done
done > "$map"
for layer in "$@"; do
	for f in lib/"$layer"/*.[ch]; do
		[ -e "$f" ] || continue
		grep -n '^#include "' "$f" | while IFS= read -r line; do
			header=${line#*\"}; header=${header%\"*}
			n=${line%%:*}
			set -- $(awk -v h="$header" '$1 == h { print $2, $3 }' "$map")
			own=$(awk -v l="$layer" '$3 == l { print $2; exit }' "$map")
			if [ $# -eq 2 ] && [ -n "$own" ] && [ "$1" -gt "$own" ]; then
				echo "$f:$n: includes $header of lib/$2, a layer above lib/$layer"
			fi
		done
	done
done > "$out"
if [ -s "$out" ]; then
	cat "$out" >&2
	status=1
fi
rm -f "$map" "$out"
exit $status
