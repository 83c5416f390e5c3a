# Lathe — build, test and benchmark entry points (GNU make).
#
#   make demo    install system packages, build release, run the quickstart, wrangling and registry examples
#   make test    install system packages, build, run every test (non-zero on failure)
#   make bench   release build, then bench/run.py (Lathe vs CPython and Lua 5.4)
#   make reference  regenerate the numpy/pandas fixtures in Tests/Fixtures
#   make fuzz    build the libFuzzer targets, fuzz each for FUZZ_SECONDS (default 60)
#   make fuzz-replay  run every committed fuzz corpus input once (CI does this)
#   make asan    build lathe with AddressSanitizer and run the golden scripts with it
#   make report-screenshot  a monitor HTML report in headless Chromium (.build/report/monitor.png)
#   make notebook-check  run the example notebook and validate its .ipynb with nbformat (pip, in .bench/)
#   make notebook-screenshot  the example notebook's HTML in headless Chromium (.build/notebook/notebook.png)

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

.PHONY: deps build release demo test bench reference clean fuzz fuzz-build fuzz-replay asan report-screenshot notebook-check notebook-screenshot

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

## release: optimized build ($(BUILD_DIR)/release/lathe). The Swift runtime and Foundation
## are linked statically: relocating their shared libraries cost about 5 ms of every start-up.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(SWIFT_FLAGS)

## demo: release build, then the quickstart workflow (load, split, train, evaluate), the
## wrangling example (a messy CSV cleaned into features, then trained on), the imbalanced
## example (class weights, sample weights, a chosen threshold) and the
## registry example (register, alias, load by alias; recorded in examples/.lathe)
demo: deps release
	$(BUILD_DIR)/release/lathe run examples/quickstart.mlx
	$(BUILD_DIR)/release/lathe run examples/wrangling.mlx
	$(BUILD_DIR)/release/lathe run examples/imbalanced.mlx
	$(BUILD_DIR)/release/lathe run examples/registry.mlx
	$(BUILD_DIR)/release/lathe models list

## test: debug build, the full test suite, then `lathe test` and `lathe doc --check` on the standard library
test: deps
	$(SWIFT) build $(SWIFT_FLAGS)
	$(SWIFT) test $(SWIFT_FLAGS)
	LATHE_HOME=$$(mktemp -d) $(BUILD_DIR)/debug/lathe test stdlib
	$(BUILD_DIR)/debug/lathe doc --check stdlib

## bench: release build, then Lathe vs CPython side by side
bench: release
	@dpkg -s lua5.4 >/dev/null 2>&1 || { echo "bench: installing lua5.4 (the Lua peer)"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y lua5.4 || echo "bench: lua5.4 not installed; its column stays empty"; }
	$(PYTHON) bench/run.py --lathe $(BUILD_DIR)/release/lathe

## reference: regenerate Tests/Fixtures and examples/data with numpy/pandas (see Tests/Fixtures/README.md)
reference:
	$(PYTHON) tools/reference/generate.py

## fuzz-build: the libFuzzer executables (LATHE_FUZZ=1, --sanitize=fuzzer) in $(FUZZ_DIR)
FUZZ_DIR ?= .build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= parse compile csv model
fuzz-build: deps
	FUZZ_DIR=$(FUZZ_DIR) SWIFT=$(SWIFT) Tests/Fuzz/fuzz.sh build

## fuzz: fuzz each target for FUZZ_SECONDS from the committed corpus; new inputs go to
## $(FUZZ_DIR)/corpus, and a crash fails with the reproducer's path (Tests/Fuzz/README.md)
fuzz: fuzz-build
	FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Tests/Fuzz/fuzz.sh run $(FUZZ_TARGETS)

## fuzz-replay: run every input of the committed corpus (Tests/Fuzz/corpus) once, no fuzzing
fuzz-replay: fuzz-build
	FUZZ_DIR=$(FUZZ_DIR) SWIFT=$(SWIFT) Tests/Fuzz/fuzz.sh replay $(FUZZ_TARGETS)

## asan: lathe built with AddressSanitizer in $(ASAN_DIR), then every golden script run with it
ASAN_DIR ?= .build-asan
asan: deps
	$(SWIFT) build --sanitize=address --scratch-path $(ASAN_DIR) --product lathe
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests
	LATHE_BINARY=$$($(SWIFT) build --sanitize=address --scratch-path $(ASAN_DIR) --show-bin-path)/lathe \
	  ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:halt_on_error=1 SWIFT_BACKTRACE=enable=no \
	  $(SWIFT) test $(SWIFT_FLAGS) --skip-build --filter 'ScriptRunnerTests'

## clean: remove build products and benchmark output
clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) $(ASAN_DIR) .bench

## report-screenshot: a monitor HTML report of the iris example (reference vs its shifted
## copy), screenshotted in headless Chromium (installed if missing) into $(REPORT_DIR)
REPORT_DIR ?= $(BUILD_DIR)/report
report-screenshot: release
	@command -v chromium >/dev/null || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update; $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	rm -rf $(REPORT_DIR) && mkdir -p $(REPORT_DIR)/batches
	LATHE_HOME=$(CURDIR)/$(REPORT_DIR)/.lathe $(BUILD_DIR)/release/lathe run examples/monitoring.mlx
	printf 'let p = split(dataset("examples/data/iris.csv", target: "species"), test: 0.2, seed: 42, stratify: true)\nwrite_csv(p.test, "$(REPORT_DIR)/batches/day1.csv")\nwrite_csv(with(p.test, petal_length: p.test.petal_length * 1.3), "$(REPORT_DIR)/batches/day2.csv")\n' > $(REPORT_DIR)/batches.mlx
	LATHE_HOME=$(CURDIR)/$(REPORT_DIR)/.lathe $(BUILD_DIR)/release/lathe run --no-track $(REPORT_DIR)/batches.mlx
	LATHE_HOME=$(CURDIR)/$(REPORT_DIR)/.lathe $(BUILD_DIR)/release/lathe monitor iris-watch@production $(REPORT_DIR)/batches --html $(REPORT_DIR)/monitor.html || [ $$? -eq 3 ]
	tools/render/screenshot.sh $(REPORT_DIR)/monitor.html $(REPORT_DIR)/monitor.png

## notebook-check: the example notebook run with `lathe notebook` into $(NOTEBOOK_DIR), its
## .ipynb validated by the nbformat package (tools/notebook/validate_ipynb.py installs it in
## .bench/venv-nbformat when missing); not part of `make test`, which needs no pip
NOTEBOOK_DIR ?= $(BUILD_DIR)/notebook
notebook-check: release
	rm -rf $(NOTEBOOK_DIR) && mkdir -p $(NOTEBOOK_DIR)
	LATHE_HOME=$(CURDIR)/$(NOTEBOOK_DIR)/.lathe $(BUILD_DIR)/release/lathe notebook examples/workflow.notebook.mlx --html $(NOTEBOOK_DIR)/notebook.html --ipynb $(NOTEBOOK_DIR)/notebook.ipynb
	$(PYTHON) tools/notebook/validate_ipynb.py $(NOTEBOOK_DIR)/notebook.ipynb

## notebook-screenshot: the example notebook's HTML page, screenshotted in headless Chromium
## (installed if missing) into $(NOTEBOOK_DIR)/notebook.png; docs/notebook.png is a copy
notebook-screenshot: release
	@command -v chromium >/dev/null || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update; $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	rm -rf $(NOTEBOOK_DIR) && mkdir -p $(NOTEBOOK_DIR)
	LATHE_HOME=$(CURDIR)/$(NOTEBOOK_DIR)/.lathe $(BUILD_DIR)/release/lathe notebook examples/workflow.notebook.mlx --html $(NOTEBOOK_DIR)/notebook.html
	tools/render/screenshot.sh $(NOTEBOOK_DIR)/notebook.html $(NOTEBOOK_DIR)/notebook.png
