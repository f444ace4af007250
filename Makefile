# Two commands on a fresh machine: `make run` serves the demo site, `make test` runs the suite.
# Both install from the lock file, requirements/dev.txt; `make lock` regenerates it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
LOCK := requirements/dev.txt
# `make lock` keeps the current pins; `make lock LOCK_ARGS=--upgrade` (or
# `LOCK_ARGS="--upgrade-package django"`) moves them within pyproject.toml's ranges.
LOCK_ARGS ?=
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --python-version 3.11 --python-platform linux \
	--generate-hashes --custom-compile-command 'make lock' $(LOCK_ARGS)

.PHONY: install run test lint lock clean

install: $(VENV)/.installed

# Exact versions and hashes from the lock; the project itself without dependencies. `pip check`
# fails when pyproject.toml asks for something the lock does not pin (then run `make lock`).
$(VENV)/.installed: $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check || { echo "pyproject.toml and $(LOCK) disagree: run make lock" >&2; exit 1; }
	touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, django-upgrade, djhtml and the hygiene hooks, as .pre-commit-config.yaml runs them.
lint: install
	$(VENV)/bin/pre-commit run --all-files

# requirements/base.txt: what production installs; requirements/dev.txt: that plus the test and
# dev extras, pinned to the same versions.
lock:
	test -x $(VENV)/bin/uv || { test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet --require-hashes -r $(LOCK); }
	$(UV_COMPILE) -o requirements/base.txt pyproject.toml
	$(UV_COMPILE) --extra test --extra dev -c requirements/base.txt -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) db.sqlite3 media test-results
