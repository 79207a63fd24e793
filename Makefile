# The two set-up commands of the README are a contract:
#   make demo   install into .venv and run the main job on the embedded default
#   make test   install and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/dev
REAL ?= ../shared/corpus/real
DB ?= .undocs/demo.sqlite
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := poppler-utils chromium fonts-noto-core fonts-noto-cjk libicu-dev pkg-config \
  tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng \
  tesseract-ocr-fra tesseract-ocr-rus tesseract-ocr-spa libtesseract-dev libleptonica-dev

COMPILED_DIR := .build/mypyc

.PHONY: install system-deps compiled demo test fuzz eval eval-real eval-ocr eval-states eval-search eval-align bench bench-store bench-align lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Debian packages: Chromium and fonts for the web tests, ICU headers for PyICU, Tesseract and
# its models for OCR (tesserocr is built against Debian's libtesseract where its headers are
# installed, else pip's wheel brings an engine of its own); skipped without apt or root
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null); \
	fi

install: $(BIN)/python system-deps
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $$(pkg-config --exists tesseract 2>/dev/null && echo --no-binary tesserocr) -e '.[dev]'

# the same source with the parser's hot modules compiled by mypyc (setup.py), beside the
# editable install: PYTHONPATH=$(COMPILED_DIR) puts it first
compiled: install
	rm -rf $(COMPILED_DIR)
	UNDOCS_MYPYC=1 $(BIN)/pip install -q --no-build-isolation --no-deps --target $(COMPILED_DIR) .

# ingest the corpus into a SQLite file (failures are listed, the demo goes on), then serve it
demo: install
	mkdir -p $(dir $(DB))
	$(BIN)/undocs ingest $(CORPUS) --db $(DB) ; test $$? -le 2
	$(BIN)/undocs serve --db $(DB) --host $(HOST) --port $(PORT)

# the whole suite on the plain source, then again on the compiled build
test: install compiled
	$(BIN)/python -m pytest
	UNDOCS_COMPILED=1 PYTHONPATH=$(COMPILED_DIR) $(BIN)/python -m pytest

# the long fuzz run (issue 9): thousands of mutations of real files, on both builds
fuzz: install compiled
	$(BIN)/python tests/fuzz.py --cases 5000 --per-format 40
	UNDOCS_COMPILED=1 PYTHONPATH=$(COMPILED_DIR) $(BIN)/python tests/fuzz.py --cases 5000 --per-format 40 --seed 2

eval: install
	$(BIN)/python eval/run.py --corpus $(CORPUS)

eval-real: install
	$(BIN)/python eval/run.py --corpus $(REAL)

eval-ocr: install
	$(BIN)/python eval/ocr_cer.py --corpus $(CORPUS)

eval-states: install
	$(BIN)/python eval/states.py --corpus $(CORPUS)
	$(BIN)/python eval/states.py --corpus $(REAL)

eval-search: install
	$(BIN)/python eval/search.py --corpus $(CORPUS)

eval-align: install
	$(BIN)/python eval/align_run.py --corpus $(CORPUS)

bench: install compiled
	$(BIN)/python bench/parse_speed.py --corpus $(REAL) --short $(CORPUS) --compiled $(COMPILED_DIR)

bench-store: install
	$(BIN)/python bench/store_bench.py --corpus $(CORPUS)

bench-align: install
	$(BIN)/python bench/align_bench.py --corpus $(CORPUS)

lint: install
	$(BIN)/ruff check src tests eval bench setup.py
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist src/*.egg-info .undocs .build
