# Every target builds .venv on first use; later runs reuse it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench serve lint clean eval replica

$(BIN)/linfen-etl: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev]'
	@# Data Docs assets that no PyPI package carries (bootstrap-table, bootstrap-datepicker), from npm
	$(BIN)/python -m expectations.offline_docs fetch
	@touch $@

demo: $(BIN)/linfen-etl  ## offline end-to-end run on the bundled replica site
	$(BIN)/linfen-etl demo

test: $(BIN)/linfen-etl  ## ruff + layer contracts + the whole pytest suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The import contracts ([tool.importlinter] in pyproject.toml): a broken one fails with its name
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

eval: $(BIN)/linfen-etl  ## extraction figures: the real development set (texts collected?) + invented sets
	@if [ -f evaluation/real/texts/001.txt ]; then $(BIN)/python -m transforms.evaluate --real; \
	else echo "real development set: texts not collected (evaluation/real/README.md)"; fi
	@for set in corpus corpus_holdout corpus_blind corpus_blind2 corpus_blind3; do \
		echo "== $$set"; $(BIN)/python -m transforms.evaluate $$set | grep -E '^[a-z].*  +[0-9.]+$$'; done

bench: $(BIN)/linfen-etl  ## throughput / overhead / memory benchmarks (benchmarks/)
	@# uv installs without bytecode; measure imports as a production install (pip compiles) pays them
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true
	$(BIN)/python -m benchmarks

replica: $(BIN)/linfen-etl  ## regenerate sample_site/ from corpus/ (a dev tool: devtools/ is not installed)
	$(BIN)/python -m devtools.replica --corpus corpus --out sample_site

serve: $(BIN)/linfen-etl  ## local Prefect server + work pool + deployments + worker
	$(BIN)/linfen-etl serve

lint: $(BIN)/linfen-etl
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) data
