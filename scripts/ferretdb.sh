#!/usr/bin/env bash
# Prints the path of a FerretDB 1.24.2 binary (the MongoDB-compatible server the MongoDB backend is tested
# against; no MongoDB server can be installed here), building it once with Go from the module proxy into
# ${XDG_CACHE_HOME:-~/.cache}/rman. Two changes to the module's source (docs/mongodb.md §5):
#  - `go install ...@v1.24.2` builds a binary that panics at start: the module zip lacks build/version/version.txt
#    (made by `git describe` in FerretDB's own build), so it is written here;
#  - its SQLite handler applies update, findAndModify and delete as an unlocked read-modify-write, so two clients
#    updating one document can both "win". MongoDB applies a single-document write atomically, and the services rely
#    on it (version guards, outbox claims), so the write commands on one collection are serialised.
set -euo pipefail
version=v1.24.2
cache=${RMAN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rman}
bin=$cache/ferretdb-$version-atomic/ferretdb
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
    cat > "$work/internal/handler/rman_atomic_writes.go" <<'GO'
package handler

import (
	"fmt"
	"sync"

	"github.com/FerretDB/wire"
)

// Added by scripts/ferretdb.sh: the write commands on one collection run one at a time, which gives MongoDB's
// single-document atomicity (the SQLite handler reads, modifies and writes a document without a lock).
var (
	rmanLocksMu sync.Mutex
	rmanLocks   = map[string]*sync.Mutex{}
)

func rmanLockCollection(msg *wire.OpMsg) func() {
	key := ""
	if doc, err := opMsgDocument(msg); err == nil {
		db, _ := doc.Get("$db")
		collection, _ := doc.Get(doc.Command())
		key = fmt.Sprint(db, ".", collection)
	}
	rmanLocksMu.Lock()
	m, ok := rmanLocks[key]
	if !ok {
		m = new(sync.Mutex)
		rmanLocks[key] = m
	}
	rmanLocksMu.Unlock()
	m.Lock()
	return m.Unlock
}
GO
    for cmd in Update FindAndModify Delete Insert; do
      file=$work/internal/handler/msg_$(tr '[:upper:]' '[:lower:]' <<<"$cmd").go
      sed -i "s/^func (h \\*Handler) Msg$cmd(connCtx context.Context, msg \\*wire.OpMsg) (\\*wire.OpMsg, error) {\$/&\n\tdefer rmanLockCollection(msg)()/" "$file"
      grep -q rmanLockCollection "$file" || { echo "ferretdb.sh: cannot patch Msg$cmd" >&2; exit 1; }
    done
    (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$work/ferretdb.bin" ./cmd/ferretdb)
    mkdir -p "$(dirname "$bin")"
    mv "$work/ferretdb.bin" "$bin"
  fi
fi
echo "$bin"
