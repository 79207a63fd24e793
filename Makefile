# The two set-up commands of the README are a contract:
#   make demo   install into .venv and run the main job on the embedded default
#   make test   install and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/dev
APT_PACKAGES := poppler-utils chromium fonts-noto-core fonts-noto-cjk libicu-dev pkg-config

.PHONY: install system-deps demo test eval bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Debian packages: Chromium and fonts for the web tests, ICU headers for PyICU; skipped without apt or root
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null); \
	fi

install: $(BIN)/python system-deps
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'

demo: install
	$(BIN)/undocs parse $(CORPUS) ; test $$? -le 2

test: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python eval/run.py --corpus $(CORPUS)

bench: install
	$(BIN)/python bench/parse_speed.py --corpus $(CORPUS)

lint: install
	$(BIN)/ruff check src tests eval bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info
