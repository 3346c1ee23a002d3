# The README's two commands: `make run` and `make test`. Both set up a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
# Debian packages the PDF and browser tests need (zbar-tools reads QR codes back; Java runs the HTML checker;
# nginx-light checks the nginx site in deploy/ with `nginx -t`).
SYSTEM_PACKAGES := chromium fonts-noto-core poppler-utils zbar-tools libpango-1.0-0 libpangoft2-1.0-0 nginx-light

.PHONY: run test setup setup-dev assets translations translations-review migrate demo system-packages clean

# Links printed by the demo data point at the port being served, unless told otherwise.
RUN_ENV := PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} SMS_BACKEND=$${SMS_BACKEND:-log}

run: setup assets translations migrate
	@$(RUN_ENV) $(FLASK) demo-data --if-safe
	@echo "Serving on http://127.0.0.1:$(PORT) (stop with Ctrl+C)"
	@$(RUN_ENV) $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: system-packages setup-dev assets translations
	$(VENV)/bin/pytest

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	@touch $(VENV)/.runtime-installed $@

setup: $(VENV)/.runtime-installed
setup-dev: $(VENV)/.dev-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed setup
	@$(PY) scripts/build_assets.py

translations: setup
	@$(VENV)/bin/pybabel compile --use-fuzzy -d translations -f --statistics 2>&1 | grep -v '^compiling' || true

# For translators: build/translations-review/<language>/index.html and messages.csv, every message
# with the pages it is on and their screenshots (LANGUAGE=cy for one language).
translations-review: system-packages setup-dev assets translations
	@$(PY) scripts/translations_review.py $(if $(LANGUAGE),--language $(LANGUAGE))

migrate: setup
	@mkdir -p instance
	@$(FLASK) db upgrade

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "The tests need these system packages. Install them, then run make test again:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

clean:
	find feedback_app/static -mindepth 1 ! -name .keep -delete; rm -rf $(VENV) node_modules translations/*/LC_MESSAGES/*.mo
