# Lathe — build, test and benchmark entry points (GNU make).
#
#   make demo    install system packages, build release, run the quickstart
#   make test    install system packages, build, run every test (non-zero on failure)
#   make bench   release build, then bench/run.py (Lathe vs CPython)
#   make reference  regenerate the numpy/pandas fixtures in Tests/Fixtures

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

SWIFT ?= swift
PYTHON ?= python3
# Build directory (SwiftPM scratch path); e.g. `make test BUILD_DIR=.build-ci`.
BUILD_DIR ?= .build
SWIFT_FLAGS := --scratch-path $(BUILD_DIR)
DEB_PACKAGES := libedit-dev libsqlite3-dev libopenblas-dev liblapacke-dev
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deps build release demo test bench reference clean

## deps: install the Debian packages Lathe links against (only those missing)
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else \
	  echo "deps: $(DEB_PACKAGES) already installed"; \
	fi

## build: debug build
build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## release: optimized build ($(BUILD_DIR)/release/lathe)
release: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

## demo: release build, then run the quickstart workflow (load, split, train, evaluate)
demo: deps release
	$(BUILD_DIR)/release/lathe run examples/quickstart.mlx

## test: debug build plus the full test suite
test: deps
	$(SWIFT) build $(SWIFT_FLAGS)
	$(SWIFT) test $(SWIFT_FLAGS)

## bench: release build, then Lathe vs CPython side by side
bench: release
	$(PYTHON) bench/run.py --lathe $(BUILD_DIR)/release/lathe

## reference: regenerate Tests/Fixtures and examples/data with numpy/pandas (see Tests/Fixtures/README.md)
reference:
	$(PYTHON) tools/reference/generate.py

## clean: remove build products and benchmark output
clean:
	rm -rf $(BUILD_DIR) .bench
