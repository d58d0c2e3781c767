#!/usr/bin/env bash
# Prints the path of a FerretDB 1.24.2 binary (the MongoDB-compatible server the MongoDB backend is tested
# against; no MongoDB server can be installed here), building it once with Go from the module proxy into
# ${XDG_CACHE_HOME:-~/.cache}/rman. `go install ...@v1.24.2` builds a binary that panics at start: the module zip
# lacks build/version/version.txt (made by `git describe` in FerretDB's own build), so it is written here.
set -euo pipefail
version=v1.24.2
cache=${RMAN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rman}
bin=$cache/ferretdb-$version/ferretdb
if [[ ! -x $bin ]]; then
  command -v go >/dev/null || { echo "ferretdb.sh: Go 1.21+ is needed to build FerretDB" >&2; exit 1; }
  mkdir -p "$cache"
  exec 9>"$cache/.ferretdb.lock"
  flock 9
  if [[ ! -x $bin ]]; then
    echo "ferretdb.sh: building FerretDB $version (once; about 2 minutes)" >&2
    src=$(go mod download -json "github.com/FerretDB/FerretDB@$version" | python3 -c 'import sys, json; print(json.load(sys.stdin)["Dir"])')
    work=$(mktemp -d)
    trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
    cp -r "$src/." "$work/"
    chmod -R u+w "$work"
    echo "$version" > "$work/build/version/version.txt"
    (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$work/ferretdb.bin" ./cmd/ferretdb)
    mkdir -p "$(dirname "$bin")"
    mv "$work/ferretdb.bin" "$bin"
  fi
fi
echo "$bin"
