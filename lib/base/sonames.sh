#!/bin/sh
# sonames.sh CC LIB...: a C header defining SONAME_LIB "libLIB.so.N" for
# each library LIB as CC links it: the name the loader knows, which
# dlopen() is given (lib/base/dynlib.h), not the -dev package's libLIB.so.
set -eu
cc=$1
shift
echo "/* made by lib/base/sonames.sh: the libraries opened when needed */"
for lib in "$@"; do
	file=$($cc -print-file-name="lib$lib.so")
	name=$(objdump -p "$file" 2>/dev/null |
	    awk '$1 == "SONAME" { print $2 }')
	if [ -z "$name" ]; then
		echo "sonames.sh: lib$lib.so: not found by $cc (make deps" \
		    "installs it)" >&2
		exit 69
	fi
	echo "#define SONAME_$(echo "$lib" | tr a-z A-Z) \"$name\""
done
