# Shared by deploy/local/{cluster,kafka,s3,up,down}: sourced, not run. Needs ROOT (the repository) and NAME
# (the calling script's name, for messages) set by the caller.

log() { echo "$NAME: $*" >&2; }

# The comment block at the top of a script (its usage), to stderr.
print_header() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1" >&2
}
die() { log "$*"; exit 1; }

# No cloud metadata lookups, ever: an S3 client only talks to the endpoint its configuration names.
export AWS_EC2_METADATA_DISABLED=true

# live_pid PIDFILE MARKER: the pid in PIDFILE if that process is still running and its command line carries
# MARKER (a -D option naming the work directory), so a stale pid file never hits an unrelated process.
live_pid() {
  local file="$1" marker="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$marker " || return 1
  echo "$pid"
}

# await_exec PID MARKER: right after 'cmd &', $! is a forked shell until it has exec'd the JVM, and its command
# line does not carry MARKER yet; wait (at most 10 s) until it does, or the process is gone, so that live_pid
# does not take a starting JVM for a dead one.
await_exec() {
  local pid="$1" marker="$2" deadline=$(( SECONDS + 10 ))
  while [[ -r "/proc/$pid/cmdline" ]] && (( SECONDS < deadline )); do
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$marker " && return 0
    sleep 0.05
  done
}

# A TCP port on 127.0.0.1 that nothing answers on.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! port_open "$port"; then
      echo "$port"; return 0
    fi
  done
  die "no free port found"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# stop_pids MARKER SECONDS PIDFILE...: TERM to each live process, wait for them to exit, KILL what is left
# after SECONDS; removes the pid files. Prints how many processes it stopped.
stop_pids() {
  local marker="$1" seconds="$2" f pid pids=()
  shift 2
  for f in "$@"; do
    [[ -e "$f" ]] || continue
    if pid="$(live_pid "$f" "$marker")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$(( SECONDS + seconds ))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop within ${seconds}s after TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
  done
  for f in "$@"; do rm -f "$f"; done
  echo "${#pids[@]}"
}

# fetch_jars POM LIBDIR [MAVEN ARGS...]: copies the runtime dependencies of POM into LIBDIR unless it already
# holds jars (offline first: they may all be in ~/.m2 already; then online).
fetch_jars() {
  local pom="$1" lib="$2"
  shift 2
  if compgen -G "$lib/*.jar" >/dev/null; then
    return 0
  fi
  local mvn="${MVN:-}"
  if [[ -z "$mvn" ]]; then
    if command -v mvn >/dev/null; then mvn=mvn; else mvn="$ROOT/mvnw"; fi
  fi
  log "fetching jars into $lib ($(basename "$pom") $*)"
  local args=(-B -q -f "$pom" dependency:copy-dependencies "-Dlib.dir=$lib" "$@")
  "$mvn" -o "${args[@]}" >&2 || "$mvn" "${args[@]}" >&2 || { rm -rf "$lib"; die "could not fetch the jars of $pom"; }
}

# await_ready WHAT PIDFILE MARKER SECONDS LOGDIR READY_COMMAND...: polls READY_COMMAND every 0.2 s until it
# succeeds. If the process of PIDFILE exits first, shows the end of the files in LOGDIR and fails; after SECONDS, stops
# the process and fails.
await_ready() {
  local what="$1" pidfile="$2" marker="$3" seconds="$4" logdir="$5" deadline
  shift 5
  deadline=$(( SECONDS + seconds ))
  until "$@"; do
    if ! live_pid "$pidfile" "$marker" >/dev/null; then
      tail -n 30 "$logdir"/* >&2 || true
      rm -f "$pidfile"
      die "$what exited; see $logdir/"
    fi
    if (( SECONDS >= deadline )); then
      stop_pids "$marker" 30 "$pidfile" >/dev/null
      die "$what was not ready within ${seconds}s; see $logdir/"
    fi
    sleep 0.2
  done
}
