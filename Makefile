# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app inspect_app
HTMX := static/vendor/htmx.min.js
LEAFLET := static/vendor/leaflet/leaflet.js
PDF_FONTS := static/fonts/noto-sans-cjk-sc-common.otf
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on every core (pytest-xdist); a test file stays on one worker, the browser journeys share one
# (tests/conftest.py groups them).
TEST_WORKERS ?= auto

.PHONY: run test install install-test check-system check-system-tests translations translations-update bench lint clean

run: install $(HTMX) $(LEAFLET) check-system $(PDF_FONTS) translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "演示账号 Demo logins: inspector / supervisor / jiuzhou / jiajia / admin — 密码 password: demo-2026"
	@echo "Serving on http://$(HOST):$(PORT) (the task queue's worker runs beside it)"
	@$(BIN)/huey_consumer inspect_app.worker.huey --workers 2 --worker-type thread --quiet & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test $(HTMX) $(LEAFLET) check-system-tests $(PDF_FONTS) translations
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: install-test $(HTMX) $(LEAFLET) check-system-tests $(PDF_FONTS) translations
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

# Leaflet (the map at /map), pinned the same way; its CSS and images beside the script.
$(LEAFLET): package.json package-lock.json
	@command -v npm >/dev/null || { echo "需要 npm 安装 Leaflet / npm is needed to fetch Leaflet: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor/leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
		static/vendor/leaflet/

# The PDFs' two faces, cut from the installed Noto CJK to GB 2312 (inspect_app/pdf/fontbuild.py); never committed.
$(PDF_FONTS): inspect_app/pdf/fontbuild.py | $(VENV)/.installed
	@command -v fc-match >/dev/null || { echo "需要 fontconfig 与 Noto CJK 字体 / fonts needed: apt-get install fontconfig fonts-noto-cjk"; exit 1; }
	$(BIN)/python -m inspect_app.pdf.fontbuild static/fonts

check-system: install
	@$(BIN)/python -m inspect_app.ops.syscheck

check-system-tests: install-test
	@$(BIN)/python -m inspect_app.ops.syscheck --tests

# English UI: msgids are the Chinese strings; the catalogue is inspect_app/translations/en/LC_MESSAGES/messages.po.
# `translations` compiles it (.mo files are not committed) and fails loudly on a broken entry; with no catalogue
# it only says so. `translations-update` re-extracts the strings (babel.cfg) and merges them in as empty entries
# to translate (no fuzzy guesses, obsolete ones dropped); tests/i18n/test_english.py fails until they are.
TRANSLATIONS := inspect_app/translations
I18N_IGNORE := .* node_modules instance static tests bench

translations: install
	@if ls $(TRANSLATIONS)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d $(TRANSLATIONS); \
	else echo "没有译文目录 / no catalogue in $(TRANSLATIONS): the UI stays Chinese"; fi

translations-update: install
	@pot=$$(mktemp --suffix=.pot) && trap 'rm -f "$$pot"' EXIT && \
	$(BIN)/pybabel -q extract -F babel.cfg -k _l --add-location=file -c Translators: --project=inspect_app \
		--ignore-dirs='$(I18N_IGNORE)' -o "$$pot" . && \
	$(BIN)/pybabel -q update -i "$$pot" -d $(TRANSLATIONS) -l en --init-missing --no-fuzzy-matching --ignore-obsolete
	@$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics
	@echo "Translate every empty msgstr in $(TRANSLATIONS)/en/LC_MESSAGES/messages.po, then make translations."

# The checks that hold the structure: style, types, and the layers of the imports (pyproject: [tool.importlinter]).
lint: install-test
	$(BIN)/ruff check inspect_app tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules static/vendor static/fonts
