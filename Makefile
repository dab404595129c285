# Everything runs inside .venv; each target installs what it needs first and
# re-runs cheaply: the stamps below change only when the dependency lists do.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= demo-password
HOST ?= 127.0.0.1
PORT ?= 8000
BOOTSTRAP_CSS := assets/build/css/bootstrap.css

.PHONY: install run test lint format migrate demo messages static clean

install: $(VENV)/.installed node_modules/.installed $(BOOTSTRAP_CSS)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] >= (3, 11), sys.version" || { echo "Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Bootstrap's CSS from its Sass sources, with only the parts the templates use (Sass, then
# Autoprefixer); collected as css/bootstrap.css (STATICFILES_DIRS), never committed.
$(BOOTSTRAP_CSS): node_modules/.installed assets/build-css.mjs $(wildcard assets/scss/*.scss)
	node assets/build-css.mjs assets/scss/bootstrap.scss $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --accounts --password '$(DEMO_PASSWORD)'

run: demo
	@echo ""
	@echo "  The portal: http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Sign in at http://$(HOST):$(PORT)/accounts/login/ with password '$(DEMO_PASSWORD)' as"
	@echo "    demo-admin (superuser, /admin/), demo-moderator (reviews practices),"
	@echo "    demo-staff (editor, Yakutia resource centre), demo-leader (manager, TOS association)."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the one translation catalogue, locale/ (needs GNU gettext), after changing strings.
messages: install
	$(PY) manage.py makemessages -l ru -l en --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' \
		--ignore='tests/*' --ignore='bench/*' --ignore='staticfiles/*'
	$(PY) manage.py compilemessages -l ru -l en --ignore='.venv/*' --ignore='node_modules/*'

static: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic $(PY) manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) node_modules assets/build staticfiles .pytest_cache .ruff_cache
