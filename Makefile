# ph: psychological-health programme toolkit.
# make demo   installs what is missing, builds, runs a synthetic term start
# make check  builds, then runs every test through prove (also under ASan/UBSan)

VERSION   = 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
PKGS      = sqlite3 yaml-0.1 libpcre2-8 freexl expat
# Opened when a workbook is first read or written (lib/base/dynlib.h), not
# linked: both bring libcrypto, whose loading was a third of a short run.
LAZY_PKGS = libzip xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null) -pthread
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread -ldl
LAZY_LIBS  := $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null)
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes
DEFS      = -D_DEFAULT_SOURCE -D_GNU_SOURCE -DPH_VERSION='"$(VERSION)"' \
            -DPH_SHAREDIR='"$(PREFIX)/share/ph"'
# lib/ in layers, lowest first (see README, Layout): a file includes
# headers of its own layer and those below, as tests/layers.sh checks.
LAYERS    = base formats rules store cli intake screen alert schedule report
INCLUDES  = $(LAYERS:%=-Ilib/%) -I$(BUILD)/gen
ALL_CFLAGS = $(WARN) $(DEFS) $(SANFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(INCLUDES)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC   = $(sort $(wildcard lib/*/*.c))
LIB_HDR   = $(wildcard lib/*/*.h) $(BUILD)/gen/queries.h $(BUILD)/gen/sonames.h
LIB_OBJ   = $(LIB_SRC:lib/%.c=$(BUILD)/obj/lib/%.o) \
            $(BUILD)/obj/gen/migrations.o $(BUILD)/obj/gen/queries.o
CMD_SRC   = $(sort $(wildcard cmd/*.c))
PROGS     = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
UNIT_SRC  = $(sort $(wildcard tests/unit/t_*.c))
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SQL       = $(sort $(wildcard lib/store/sql/[0-9]*.sql))
QUERIES   = $(sort $(wildcard lib/store/sql/queries/*.sql))
MANS      = $(sort $(wildcard man/*.[157]))
SAN       = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps check check-build unit cli lint demo bench install uninstall clean fuzz \
        fuzz-deps
.DELETE_ON_ERROR:

all: $(PROGS) $(UNIT_BINS) $(BUILD)/share/ph

# The programs look for their instruments and policy beside them, in
# bin/../share/ph: in the build tree as after make install, that is the
# checkout's share/ph, linked relatively (so the checkout can move) unless
# BUILD is absolute or has . or .. in it.
empty :=
BUILD_UP = $(subst $(empty) $(empty),,$(patsubst %,../,$(subst /, ,$(BUILD)/share)))
SHARE_LINK = $(if $(filter /%,$(BUILD))$(filter . ..,$(subst /, ,$(BUILD))),$(CURDIR)/share/ph,$(BUILD_UP)share/ph)
$(BUILD)/share/ph:
	@mkdir -p $(@D)
	ln -sfn $(SHARE_LINK) $@

$(BUILD)/gen/migrations.c: $(SQL) lib/store/sql/embed.sh
	@mkdir -p $(@D)
	sh lib/store/sql/embed.sh $(SQL) > $@

# Named queries: each "-- name:" block of lib/store/sql/queries/ becomes a
# constant sql_NAME, and all of them a table the unit tests prepare.
$(BUILD)/gen/queries.c: $(QUERIES) lib/store/sql/queries.awk
	@mkdir -p $(@D)
	awk -v header=$@.h -f lib/store/sql/queries.awk $(QUERIES) > $@.tmp
	cmp -s $@.h $(@D)/queries.h || mv $@.h $(@D)/queries.h
	rm -f $@.h
	mv $@.tmp $@
$(BUILD)/gen/queries.h: $(BUILD)/gen/queries.c
	@:

# The names under which dlopen() finds the libraries of LAZY_PKGS.
$(BUILD)/gen/sonames.h: lib/base/sonames.sh
	@mkdir -p $(@D)
	sh lib/base/sonames.sh "$(CC)" zip xlsxwriter > $@.tmp
	mv $@.tmp $@

# A migration or a query is one long string, longer than C99 promises to
# support.
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/queries.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/obj/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/cmd/%.o: cmd/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libph.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(BUILD)/libph.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libph.a $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/tap.h $(LIB_HDR) $(BUILD)/libph.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -Itests/unit -o $@ $< $(BUILD)/libph.a $(PKG_LIBS)

# Test tools and libraries, installed with apt-get only when missing;
# make fuzz needs clang besides (FUZZ_DEB_PKGS).
DEB_PKGS = build-essential pkgconf libsqlite3-dev libyaml-dev libpcre2-dev \
           sqlite3 bats mandoc cppcheck perl libc-bin coreutils time tzdata \
           python3-icalendar strace mawk \
           libxlsxwriter-dev python3-openpyxl \
           libfreexl-dev libzip-dev libexpat1-dev python3-xlwt
FUZZ_DEB_PKGS = $(DEB_PKGS) clang
# $(call apt_install,WHO,PACKAGES): installs those of PACKAGES missing, as
# root or through sudo (exits 69 when neither can).
apt_install = missing=""; for p in $(2); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "$(1): everything is installed"; exit 0; fi; \
	echo "$(1): installing$$missing"; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "$(1): need root or sudo to install:$$missing" >&2; exit 69; fi; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing
deps:
	@$(call apt_install,deps,$(DEB_PKGS))

# The whole suite, then the same suite built with ASan and UBSan.
check: all lint
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SANFLAGS="$(SAN)" CFLAGS="-O1 -g" all
	prove -f $(UNIT_BINS)
	PH_BIN=$(CURDIR)/$(BUILD)/bin prove -f --exec 'bats --tap' tests/cli/*.bats
	ASAN_OPTIONS=detect_leaks=1 prove -f $(UNIT_BINS:$(BUILD)/%=$(BUILD)/asan/%)
	ASAN_OPTIONS=detect_leaks=1 PH_BIN=$(CURDIR)/$(BUILD)/asan/bin prove -f --exec 'bats --tap' tests/cli/*.bats

unit: all
	prove -f $(UNIT_BINS)

cli: all
	PH_BIN=$(CURDIR)/$(BUILD)/bin prove -f --exec 'bats --tap' tests/cli/*.bats

lint: $(BUILD)/gen/queries.h $(BUILD)/gen/sonames.h
	sh tests/layers.sh $(LAYERS)
	mandoc -Tlint -Wwarning $(MANS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
	  --std=c11 --inline-suppr $(INCLUDES) -D__GNUC__ lib cmd

demo: deps
	@$(MAKE) --no-print-directory all
	@PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" PH_SHARE="$(CURDIR)/share/ph" \
	  sh share/ph/examples/term-start.sh demo

bench: all
	sh bench/run.sh $(BUILD)/bin

# Coverage-guided fuzzing of every reader (tests/fuzz/fuzz_*.c) with
# clang's libFuzzer, ASan and UBSan, not part of make check: each target
# of FUZZ_TARGETS runs FUZZ_SECONDS (an hour each: make fuzz
# FUZZ_SECONDS=3600), its corpus kept in $(BUILD)/fuzz/corpus, what it
# found in $(BUILD)/fuzz/crashes, its last stats line in
# $(BUILD)/fuzz/TARGET.log; a table of them all at the end; FUZZ_JOBS
# of them at once.  Then the property of tests/cli/prop_messy.bats over
# PROP_FILES messy survey exports (make check runs 200 of them).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= rec sheet survey conf policy schedule transfer
FUZZ_JOBS ?= 1
FUZZ_SAN  = -fsanitize=fuzzer-no-link,address,undefined \
            -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_HELPERS = tests/fuzz/fuzz_db.c tests/fuzz/fuzz_db.h tests/fuzz/fuzz_reader.h

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=clang \
	  CFLAGS="-O1 -g" SANFLAGS="$(FUZZ_SAN)" \
	  $(FUZZ_TARGETS:%=$(BUILD)/fuzz/bin/fuzz_%) $(BUILD)/fuzz/tests/t_fuzz_found
	$(BUILD)/fuzz/tests/t_fuzz_found
	FUZZ_JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS) \
	  $(FUZZ_TARGETS)
	@$(MAKE) --no-print-directory all
	PH_BIN=$(CURDIR)/$(BUILD)/bin PROP_FILES=$${PROP_FILES:-5000} \
	  bats tests/cli/prop_messy.bats

# clang, and its libFuzzer (a package of its own, only recommended by
# clang's): installed when a fuzz target cannot be linked.
fuzz-deps:
	@$(call apt_install,fuzz-deps,$(FUZZ_DEB_PKGS))
	@echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return !d + n; }' | \
	  clang -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null || { \
	  rt=libclang-rt-$$(clang -dumpversion | cut -d. -f1)-dev; \
	  $(call apt_install,fuzz-deps,$$rt); }

# The unit test of what the fuzzers found runs the targets' own code.
$(BUILD)/tests/t_fuzz_found: $(wildcard tests/fuzz/*.[ch])

$(BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HELPERS) $(BUILD)/libph.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz \
	  -DFUZZ_SHARE='"$(CURDIR)/share/ph"' -o $@ $< tests/fuzz/fuzz_db.c \
	  $(BUILD)/libph.a $(PKG_LIBS) $(LAZY_LIBS)

install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
	  $(DESTDIR)$(PREFIX)/share/ph
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s; done
	cp -R share/ph/. $(DESTDIR)$(PREFIX)/share/ph/
	# the crontab's PATH and paths name where ph is installed
	sed 's|@PREFIX@|$(PREFIX)|g' share/ph/examples/crontab \
	  > $(DESTDIR)$(PREFIX)/share/ph/examples/crontab

uninstall:
	rm -f $(PROGS:$(BUILD)/bin/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -rf $(DESTDIR)$(PREFIX)/share/ph

clean:
	rm -rf $(BUILD) demo
