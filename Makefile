# SkyCut: `make run` runs skycut on the sample catalogues in data/, `make test` runs the tests.
# Both install CFITSIO (Debian's libcfitsio-dev) and fitsverify first when they are missing.

SWIFT ?= swift
OUT ?= .build/samples
SKYCUT := .build/release/skycut

.PHONY: all deps build run test test-slurm sanitize docs install format clean fuzz fuzz-build fuzz-csv fuzz-fits

all: build

# System packages: CFITSIO and zlib and bzip2 (which SkyCut and CFITSIO link) for FITS, ERFA for
# proper motions, HEALPix's C library for MOCs, fitsverify for the tests.
# `dpkg -s` rather than pkg-config, which a fresh machine does not have (SwiftPM reads the
# .pc file itself).
DEB_PACKAGES := libcfitsio-dev zlib1g-dev libbz2-dev liberfa-dev libchealpix-dev fitsverify

deps:
	@if ! dpkg -s $(DEB_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing $(DEB_PACKAGES) with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product skycut --static-swift-stdlib

run: build
	@mkdir -p $(OUT)
	$(SKYCUT) data/objects.fits data/contaminants.fits --maxsep 1.0 -o $(OUT)/objects_clean.fits --overwrite
	$(SKYCUT) data/objects.csv data/contaminants.csv --maxsep 1deg -o $(OUT)/objects_clean.csv --overwrite
	$(SKYCUT) data/objects_thetaphi.fits data/contaminants.fits --maxsep 60arcmin -o $(OUT)/objects_thetaphi_clean.fits --overwrite
	$(SKYCUT) data/objects.fits data/contaminants_galactic.fits --maxsep 3600arcsec -o $(OUT)/objects_galactic_clean.fits --overwrite

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The job-array tests on a real Slurm: installs slurm-wlm and munge if missing, starts a
# single-node cluster (munged, slurmctld, slurmd; stopped at the end), runs the documented job
# scripts in scripts/slurm/ and compares the results with single runs byte for byte.
test-slurm: build
	bash scripts/slurm/test.sh

# The man page and shell completions (generated from the argument parser) in .build/share,
# and the library's DocC documentation in .build/docs/SkyCut.doccarchive.
SHARE := .build/share
docs: build
	@mkdir -p $(SHARE)/man/man1 $(SHARE)/completions
	$(SWIFT) package generate-manual
	cp .build/plugins/GenerateManual/outputs/skycut/skycut.1 $(SHARE)/man/man1/skycut.1
	$(SKYCUT) --generate-completion-script bash > $(SHARE)/completions/skycut.bash
	$(SKYCUT) --generate-completion-script zsh > $(SHARE)/completions/_skycut
	$(SKYCUT) --generate-completion-script fish > $(SHARE)/completions/skycut.fish
	rm -rf .build/docs && mkdir -p .build/docs
	$(SWIFT) package --allow-writing-to-directory $(CURDIR)/.build/docs generate-documentation \
	  --target SkyCut --output-path $(CURDIR)/.build/docs/SkyCut.doccarchive

# Installs the binary, the man page and the completions under PREFIX.
PREFIX ?= /usr/local
install: docs
	install -D -m 755 $(SKYCUT) $(PREFIX)/bin/skycut
	install -D -m 644 $(SHARE)/man/man1/skycut.1 $(PREFIX)/share/man/man1/skycut.1
	install -D -m 644 $(SHARE)/completions/skycut.bash \
	  $(PREFIX)/share/bash-completion/completions/skycut
	install -D -m 644 $(SHARE)/completions/_skycut $(PREFIX)/share/zsh/site-functions/_skycut
	install -D -m 644 $(SHARE)/completions/skycut.fish \
	  $(PREFIX)/share/fish/vendor_completions.d/skycut.fish

# The whole test suite under ThreadSanitizer, then AddressSanitizer (each in its own build
# directory; the command-line tests run the sanitized skycut binary too). CFITSIO's calloc of
# an absurd size (a damaged header) must return NULL, as it does outside the sanitizers, and
# ThreadSanitizer's runtime dies under a file-size limit (even `skycut --version` does), so
# the one test that sets one runs in the normal and AddressSanitizer builds only. Leaks in the
# toolchain's own libraries (XCTest, Foundation) are suppressed by Tests/lsan-suppressions.txt.
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=thread --build-path .build-tsan
	TSAN_OPTIONS=allocator_may_return_null=1 $(SWIFT) test --skip-build --sanitize=thread \
	  --build-path .build-tsan --skip fileSizeLimitGivesAnIOErrorAndNoOutput
	$(SWIFT) build --build-tests --sanitize=address --build-path .build-asan
	ASAN_OPTIONS=allocator_may_return_null=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	  $(SWIFT) test --skip-build --sanitize=address --build-path .build-asan

# Fuzzing (libFuzzer, with AddressSanitizer): each fuzzer runs FUZZ_SECONDS, starting from the
# seeds in Fuzz/Seeds and every input that ever failed (Fuzz/Regressions, where a new failure
# is written too). The corpus it grows is kept in $(FUZZ_CORPUS). A huge allocation in
# CFITSIO (a damaged header claiming 10^15 columns) returns NULL, as it does outside ASan, and
# CFITSIO reports it; a failed allocation in Swift still aborts and counts as a crash.
FUZZ_SECONDS ?= 600
FUZZ_BUILD := .build-fuzz
FUZZ_CORPUS := .fuzz-corpus
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld

fuzz: fuzz-csv fuzz-fits

fuzz-build: deps
	$(SWIFT) build --package-path Fuzz --build-path $(FUZZ_BUILD) $(FUZZ_FLAGS)

fuzz-csv: fuzz-build
	@mkdir -p $(FUZZ_CORPUS)/csv Fuzz/Regressions/csv
	ASAN_OPTIONS=allocator_may_return_null=1 $(FUZZ_BUILD)/debug/FuzzCSV -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -print_final_stats=1 -artifact_prefix=Fuzz/Regressions/csv/ \
	  $(FUZZ_CORPUS)/csv Fuzz/Seeds/csv Fuzz/Regressions/csv

fuzz-fits: fuzz-build
	@mkdir -p $(FUZZ_CORPUS)/fits Fuzz/Regressions/fits
	ASAN_OPTIONS=allocator_may_return_null=1 $(FUZZ_BUILD)/debug/FuzzFITS -max_total_time=$(FUZZ_SECONDS) -max_len=32768 \
	  -print_final_stats=1 -artifact_prefix=Fuzz/Regressions/fits/ \
	  $(FUZZ_CORPUS)/fits Fuzz/Seeds/fits Fuzz/Regressions/fits

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
