#!/usr/bin/env bash
# `make run`: starts the whole system on the embedded default (SQLite under DATA_DIR) in the foreground:
# maildev (SMTP + inbox), the services, and nginx serving the web app with /api/v1/* proxied.
# Every variable below can be overridden from the environment; all others reach the services unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export DATA_DIR=${DATA_DIR:-var}
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
export DATA_DIR
AUTH_PORT=${AUTH_PORT:-3001}
CUSTOMER_PORT=${CUSTOMER_PORT:-8001}
ORDER_PORT=${ORDER_PORT:-8002}
COMPLAINT_PORT=${COMPLAINT_PORT:-8003}
WEB_PORT=${WEB_PORT:-8080}
MAIL_SMTP_PORT=${MAIL_SMTP_PORT:-1025}
MAIL_WEB_PORT=${MAIL_WEB_PORT:-1080}
BUILD_DIR=${BUILD_DIR:-build/release}

# Development secrets: generated once into DATA_DIR, never committed.
secret() {  # file, generator
  local f="$DATA_DIR/$1"
  [[ -s $f ]] || { (umask 077; $2 > "$f"); }
  cat "$f"
}
gen_token() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 43; }
gen_password() { echo "Dev-$(head -c 9 /dev/urandom | base64 | tr -d '/+=\n')7"; }
export SERVICE_TOKEN=${SERVICE_TOKEN:-$(secret service-token gen_token)}
export ADMIN_EMAIL=${ADMIN_EMAIL:-admin@rman.local}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-$(secret admin-password gen_password)}
export WEB_APP_URL=${WEB_APP_URL:-http://localhost:$WEB_PORT}
export CORS_ALLOWED_ORIGINS=${CORS_ALLOWED_ORIGINS:-$WEB_APP_URL}
export AUTH_URL=${AUTH_URL:-http://127.0.0.1:$AUTH_PORT}
export CUSTOMER_URL=${CUSTOMER_URL:-http://127.0.0.1:$CUSTOMER_PORT}
export ORDER_URL=${ORDER_URL:-http://127.0.0.1:$ORDER_PORT}
export COMPLAINT_URL=${COMPLAINT_URL:-http://127.0.0.1:$COMPLAINT_PORT}
export SMTP_HOST=${SMTP_HOST:-127.0.0.1}
export SMTP_PORT=${SMTP_PORT:-$MAIL_SMTP_PORT}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$WEB_PORT" "$AUTH_PORT" "$CUSTOMER_PORT" "$ORDER_PORT" "$COMPLAINT_PORT" "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT"; do
  if ! port_free "$p"; then
    echo "make run: port $p is already in use; stop what uses it or choose another port (see README, Configuration)." >&2
    exit 1
  fi
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
  exit 0
}
trap cleanup INT TERM EXIT

mkdir -p "$DATA_DIR/logs"
node_modules/.bin/maildev --smtp "$MAIL_SMTP_PORT" --web "$MAIL_WEB_PORT" --ip 127.0.0.1 --silent \
  > "$DATA_DIR/logs/maildev.log" 2>&1 &
pids+=($!)

start_service() {  # name, port
  local name=$1 port=$2
  PORT=$port "$BUILD_DIR/services/$name/$name" > "$DATA_DIR/logs/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "make run: $name did not start; its log ($DATA_DIR/logs/$name.log) ends with:" >&2
  tail -5 "$DATA_DIR/logs/$name.log" >&2
  exit 1
}
services=(auth)
start_service auth "$AUTH_PORT"
for svc in customer order complaint; do
  if [[ -x $BUILD_DIR/services/$svc/$svc ]]; then
    var="${svc^^}_PORT"
    start_service "$svc" "${!var}"
    services+=("$svc")
  fi
done

# WEB_ROOT serves another single-page app instead of the portal (the mobile app's web export in its end-to-end test).
web_root=${WEB_ROOT:-$root/clients/web/dist}
if [[ -z ${WEB_ROOT:-} ]] && { [[ ! -f $web_root/index.html ]] ||
   [[ -n $(find clients/web/src clients/web/index.html clients/web/package.json clients/shared/src -newer "$web_root/index.html" -print -quit) ]]; }; then
  echo "Building the web app..."
  npm --prefix clients/web run build --silent > "$DATA_DIR/logs/web-build.log" 2>&1 || {
    echo "make run: the web app did not build; see $DATA_DIR/logs/web-build.log" >&2
    exit 1
  }
fi
mkdir -p "$DATA_DIR/nginx/tmp"
sed -e "s|__DATA_DIR__|$DATA_DIR|g" -e "s|__WEB_ROOT__|$web_root|g" -e "s|__WEB_PORT__|$WEB_PORT|g" \
    -e "s|__AUTH_PORT__|$AUTH_PORT|g" -e "s|__CUSTOMER_PORT__|$CUSTOMER_PORT|g" \
    -e "s|__ORDER_PORT__|$ORDER_PORT|g" -e "s|__COMPLAINT_PORT__|$COMPLAINT_PORT|g" \
    deploy/nginx/rman.conf.template > "$DATA_DIR/nginx/nginx.conf"
# Started as root, nginx's workers would switch to `nobody`, who may not read a checkout or DATA_DIR made private
# (mktemp -d, a home directory): they run as the checkout's owner instead. Otherwise they run as the caller.
nginx_globals='daemon off;'
[[ $(id -u) == 0 ]] && nginx_globals+=" user $(stat -c '%U %G' "$web_root");"
nginx -c "$DATA_DIR/nginx/nginx.conf" -p "$DATA_DIR/nginx" -g "$nginx_globals" 2> >(grep -v '"user" directive' >&2) &
pids+=($!)

cat <<INFO

R-MAN platform is running (data in $DATA_DIR, logs in $DATA_DIR/logs). Ctrl-C stops everything.

  Portal          http://localhost:$WEB_PORT
  Mail inbox      http://localhost:$MAIL_WEB_PORT   (every email the system sends)
  Auth API docs   http://localhost:$AUTH_PORT/docs   metrics http://localhost:$AUTH_PORT/metrics
INFO
for svc in "${services[@]:1}"; do
  var="${svc^^}_PORT"
  printf '  %-15s http://localhost:%s/docs   metrics http://localhost:%s/metrics\n' "${svc^} API docs" "${!var}" "${!var}"
done
cat <<INFO

  Administrator   $ADMIN_EMAIL / $ADMIN_PASSWORD   (development only; generated into $DATA_DIR)

INFO
wait -n "${pids[@]}" || true
echo "make run: a component exited; see $DATA_DIR/logs" >&2
