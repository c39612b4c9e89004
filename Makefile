# wagtail-participation: developer and CI entry points.
#
#   make demo            the French demo commune site on http://127.0.0.1:8000
#   make test            the whole test suite (SQLite, or the database DATABASE_URL names)
#   make test-dsfr       the app in a Sites Faciles host (wagtail-dsfr, in .venv-dsfr, SQLite)
#   make lint            ruff check and ruff format --check
#   make messages        refresh and compile the French catalogue
#   make messages-check  fail if the French catalogue is incomplete or not compiled
#   make benchmark-tools what the benchmarks drive the site with (wrk, Debian's package)
#
# CI chooses the interpreter, the virtual environment and version pins, e.g.
#   make test PYTHON=python3.12 VENV=.venv-max PIP_EXTRA='"Django==6.1.*" "wagtail==8.*"'

VENV ?= .venv
PYTHON ?= python3
PIP_EXTRA ?=
EXTRAS ?= dev,example
PYTEST_ARGS ?=
DEMO_ADDR ?= 127.0.0.1:8000
# load_demo prints the demo's addresses from it, and the settings use it for WAGTAILADMIN_BASE_URL.
export DEMO_ADDR

SHELL := /bin/bash
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
# The install is redone only when pyproject.toml, the extras or the pins change.
INSTALL_KEY := $(shell { cat pyproject.toml; echo '$(EXTRAS) $(PIP_EXTRA)'; } | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(INSTALL_KEY)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := chromium poppler-utils gettext fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0

APP_PO := $(wildcard wagtail_participation/locale/*/LC_MESSAGES/django.po)
EXAMPLE_PO := $(wildcard example_site/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(APP_PO:.po=.mo) $(EXAMPLE_PO:.po=.mo)

.PHONY: help install system-deps benchmark-tools demo test test-dsfr install-dsfr lint format \
	messages messages-check compile-messages

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	@# (the filter hides pip's notes about missing local index folders on some machines)
	$(PY) -m pip install -q -e '.[$(EXTRAS)]' $(PIP_EXTRA) 2>&1 \
	  | grep -v "^WARNING: Location 'file:.* is ignored" ; exit $${PIPESTATUS[0]}
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Debian packages the suite needs: Chromium for the browser tests, poppler for pdftotext,
# gettext for the catalogue, pango and fonts for WeasyPrint. Installed only when missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
	    || ! command -v msgfmt >/dev/null; then \
	  echo "Installing system packages: $(SYSTEM_PACKAGES)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(SYSTEM_PACKAGES); \
	fi

# vote_throughput loads the site with wrk (it runs this target itself when wrk is missing).
benchmark-tools:
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk"; export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get install -y -q wrk || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk; }; \
	fi

# Compile a catalogue only when its .po is newer (a fresh clone may have any mtimes).
%.mo: %.po
	@if command -v msgfmt >/dev/null; then \
	  echo "msgfmt $<"; msgfmt --check-format -o $@ $<; \
	else echo "gettext is not installed: using the committed $@"; fi

compile-messages: $(MO_FILES)

demo: $(STAMP) compile-messages
	$(PY) example_site/manage.py migrate --noinput
	$(PY) example_site/manage.py load_demo
	@echo
	@echo "Demo site:    http://$(DEMO_ADDR)/"
	@echo "Wagtail admin: http://$(DEMO_ADDR)/admin/ (credentials printed above by load_demo)"
	@echo
	$(PY) example_site/manage.py runserver $(DEMO_ADDR)

test: system-deps $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The Sites Faciles host (tests/dsfr): wagtail-dsfr is not a dependency of the app, so it gets
# its own environment, with the versions it was tested with. wagtail-dsfr 2.4.0rc2 imports
# wagtail_honeypot (its forms app) without declaring it.
DSFR_VENV ?= .venv-dsfr
DSFR_PYTHON ?= python3.12
DSFR_PINS ?= "wagtail-dsfr==2.4.0rc2" "wagtail-honeypot>=1.3" "Django==5.2.*" "wagtail==8.0.*"

install-dsfr:
	PYENV_VERSION=$${PYENV_VERSION:-3.12.1} $(MAKE) install VENV=$(DSFR_VENV) \
	  PYTHON=$(DSFR_PYTHON) EXTRAS=test PIP_EXTRA='$(DSFR_PINS)'

test-dsfr: system-deps install-dsfr compile-messages
	env -u DATABASE_URL $(DSFR_VENV)/bin/python -m pytest tests/dsfr --ds=tests.dsfr.settings \
	  $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	cd wagtail_participation && env -u DJANGO_SETTINGS_MODULE \
	  $(BIN)/django-admin makemessages -l fr --no-obsolete
	cd wagtail_participation && env -u DJANGO_SETTINGS_MODULE $(BIN)/django-admin compilemessages
	@if [ -d example_site/locale ]; then \
	  cd example_site && env -u DJANGO_SETTINGS_MODULE \
	    $(BIN)/django-admin makemessages -l fr --no-obsolete \
	  && env -u DJANGO_SETTINGS_MODULE $(BIN)/django-admin compilemessages; \
	fi

messages-check: $(STAMP)
	$(PY) .ci/check_messages.py
