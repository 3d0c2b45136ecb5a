# Two commands do everything on a fresh machine with Python 3.11:
#   make demo   set up .venv, build the graph from corpus/, answer the headline question, draw the map
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg
OUT    ?= out
STAMP  := $(VENV)/.installed

.PHONY: demo test setup bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/nasicon-kg build corpus --store $(STORE)
	$(BIN)/nasicon-kg query queries/mci_solutions_latp.rq --store $(STORE)
	$(BIN)/nasicon-kg viz --store $(STORE) --out $(OUT)/map.html
	@echo "store: $(abspath $(STORE))   map and charts: $(abspath $(OUT))/"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_scale.py

clean:
	rm -rf $(STORE) $(OUT)
