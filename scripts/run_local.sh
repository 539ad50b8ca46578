#!/usr/bin/env bash
# Serve the portal and run a Celery worker (and beat) beside it; Ctrl-C stops all of them.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
BIN=.venv/bin
# Links in emails (password reset, invitations, notices...) use PORTAL_BASE_URL: in the demo it
# follows HOST and PORT, unless the environment or .env sets it.
if [ -z "${PORTAL_BASE_URL:-}" ] && ! grep -qs '^PORTAL_BASE_URL=' .env; then
  case "$HOST" in
    0.0.0.0|::) LINK_HOST=127.0.0.1 ;;
    *) LINK_HOST=$HOST ;;
  esac
  export PORTAL_BASE_URL="http://$LINK_HOST:$PORT"
fi
mkdir -p var/log
"$BIN/celery" -A citta_del_noi worker --beat --loglevel=INFO --concurrency=1 \
  --schedule=var/celerybeat-schedule > var/log/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT INT TERM
echo "Worker Celery avviato (log: var/log/worker.log)."
echo "Portale su http://$HOST:$PORT/  —  Ctrl-C per fermare."
echo "Collegamenti nelle email: ${PORTAL_BASE_URL:-da .env}"
"$BIN/python" manage.py runserver "$HOST:$PORT"
