# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app inspect_app
HTMX := static/vendor/htmx.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test check-system check-system-tests translations bench lint clean

run: install $(HTMX) check-system translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "演示账号 Demo logins: inspector / supervisor / jiuzhou / jiajia / admin — 密码 password: demo-2026"
	@echo "Serving on http://$(HOST):$(PORT)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test $(HTMX) check-system-tests translations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install-test $(HTMX) check-system-tests translations
	$(BIN)/python bench/run.py

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "需要 Python 3.11 或更新版本 / Python 3.11+ required: set PYTHON=python3.11 (apt-get install python3 python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "创建虚拟环境失败 / venv failed: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	@touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

# htmx comes from the npm registry, pinned with its integrity hash in package-lock.json; never committed.
$(HTMX): package.json package-lock.json
	@command -v npm >/dev/null || { echo "需要 npm 安装 htmx / npm is needed to fetch htmx: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

check-system: install
	@$(BIN)/python -m inspect_app.syscheck

check-system-tests: install-test
	@$(BIN)/python -m inspect_app.syscheck --tests

translations: install
	@$(BIN)/pybabel compile -q -d inspect_app/translations 2>/dev/null || true

lint: install-test
	$(BIN)/ruff check inspect_app tests

clean:
	rm -rf $(VENV) node_modules static/vendor
