# SkyCut: `make run` runs skycut on the sample catalogues in data/, `make test` runs the tests.
# Both install CFITSIO (Debian's libcfitsio-dev) and fitsverify first when they are missing.

SWIFT ?= swift
OUT ?= .build/samples
SKYCUT := .build/release/skycut

.PHONY: all deps build run test format clean

all: build

# System packages: CFITSIO and zlib (which SkyCut links) for FITS, fitsverify for the tests.
# `dpkg -s` rather than pkg-config, which a fresh machine does not have (SwiftPM reads the
# .pc file itself).
DEB_PACKAGES := libcfitsio-dev zlib1g-dev fitsverify

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

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
