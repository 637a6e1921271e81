# dva-tutor: `make run` starts the UI, `make test` runs every test. Both install into .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
export OMP_WAIT_POLICY := PASSIVE
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install install-dev index eval lint bench faults chromium clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e ".[dev,st]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

index: install  # incremental: builds a missing index, picks up edited notes and a new chunker (~1 s when nothing changed)
	$(VENV)/bin/tutor ingest

run: index
	$(PY) app.py

chromium:
	@command -v chromium >/dev/null 2>&1 && fc-list | grep -qi ipa || { \
	  echo "installing Debian's chromium (+ Japanese fonts for screenshots) for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    chromium chromium-driver fonts-ipafont-gothic fonts-noto-color-emoji; }

test: install-dev chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider

eval: install
	$(VENV)/bin/tutor ingest  # incremental: a stale index (edited notes, a new chunker) is brought up to date
	$(VENV)/bin/tutor eval --output eval-out --baseline evals/baseline.json
	$(VENV)/bin/tutor eval --corpus evals/corpora/gen/notes --dataset evals/datasets/gen.jsonl \
	  --output eval-out/gen --baseline evals/baseline-gen.json

lint: install-dev
	$(VENV)/bin/ruff check .

bench: install-dev
	$(PY) -m benchmarks.ingest_bench
	$(PY) -m benchmarks.answer_bench
	$(PY) -m benchmarks.compare

faults: install-dev
	TUTOR_FAULT_TRIALS=20 $(PY) -m pytest -q -p no:cacheprovider tests/unit/test_reliability.py \
	  tests/integration/test_faults_index.py tests/integration/test_faults_answer.py
	$(PY) -m benchmarks.fault_trials
	$(PY) -m benchmarks.concurrency_bench

clean:
	rm -rf $(VENV) .tutor eval-out test-artifacts
