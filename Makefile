# SkyCut: `make run` runs skycut on the sample catalogues in data/, `make test` runs the tests.
# Both install CFITSIO (Debian's libcfitsio-dev) and fitsverify first when they are missing.

SWIFT ?= swift
OUT ?= .build/samples
SKYCUT := .build/release/skycut
APT_UPDATED := .build/.apt-updated

.PHONY: all deps build run test format clean

all: build

# System packages: CFITSIO for reading and writing FITS, fitsverify for the tests.
deps:
	@if ! pkg-config --exists cfitsio || ! command -v fitsverify >/dev/null; then \
	  echo "Installing libcfitsio-dev and fitsverify with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libcfitsio-dev fitsverify >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product skycut

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
