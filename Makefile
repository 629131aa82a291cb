# phieukin — two commands do everything: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint format fuzz bench messages vectors clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Run the product with a realistic demo (SQLite under ./var, no services needed).
demo: $(STAMP)
	$(VENV)/bin/phieukin demo --serve

## Run the whole test suite (DATABASE_URL selects the database; SQLite by default).
test: $(STAMP)
	$(VENV)/bin/python -m tests.setup_browser
	$(VENV)/bin/pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Longer fuzzing runs than CI does (`make fuzz FUZZ_EXAMPLES=20000` for a night run).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	PHIEUKIN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q -m fuzz -p no:randomly --durations=20

## Regenerate every test vector in tests/vectors (deterministic; the one command, docs/protocol.md §7).
vectors: $(STAMP)
	$(PY) -m tests.vectors.generate

bench: $(STAMP)
	$(VENV)/bin/phieukin bench crypto

## Recompile translation catalogues (needs gettext's msgfmt; the .mo files are committed).
messages: $(STAMP)
	cd src/phieukin && ../../$(VENV)/bin/phieukin manage compilemessages

clean:
	rm -rf $(VENV) var/*.sqlite3*
