# The README's commands. `make test` and `make run` install what is missing first.
.PHONY: setup build build-release test test-asan run bench format clean

JOBS ?= $(shell nproc)

setup:
	@scripts/setup.sh

build: setup
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

build-release: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

test: build
	@ctest --test-dir build/dev --output-on-failure -j $(JOBS) --timeout 300

test-asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --test-dir build/asan --output-on-failure -j $(JOBS) --timeout 600

run: build-release
	@scripts/run.sh

bench: build-release
	@bench/run.sh

format:
	@find common services -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
