#!/usr/bin/env bash
# ejabberd 23.01 (Debian) as the benchmark's peer: install, configure, start, stop, register users.
#
#   loadtest/ejabberd.sh install                 apt-get install ejabberd (the packaged service is not used)
#   loadtest/ejabberd.sh start   DIR [PORT]      writes DIR/ejabberd.yml, starts ejabberd on 127.0.0.1:PORT (default 15280)
#   loadtest/ejabberd.sh stop    DIR             stops it by the PIDs recorded at start
#   loadtest/ejabberd.sh status  DIR
#
# Configuration, stated for the report: loopback only; XMPP over WebSocket (RFC 7395) at /ws and
# mod_http_api at /api on one plain-HTTP listener (no TLS: Parley is measured without TLS too);
# no c2s shaper (the default 'normal' shaper would cap each client at 3,000 B/s); passwords stored
# plain so that SASL PLAIN is a comparison, as cheap as Parley's token check (Debian's default,
# scram, would run PBKDF2 on every sign-in); mod_muc rooms of up to 2,000 occupants, no history;
# mod_mam OFF (ejabberd stores no 1:1 or room message); mod_offline on (stores only messages for
# offline users, which the benchmark does not produce); Mnesia (the default) holds the accounts.
# Started with setpriv as user ejabberd (su would drop the open-file limit to 1024).
set -euo pipefail

cmd=${1:?usage: ejabberd.sh install|start|stop|status DIR [PORT]}

if [[ $cmd == install ]]; then
  if ! command -v ejabberdctl >/dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q ejabberd
  fi
  # The package may have started its own service; the benchmark runs its own instance.
  if [[ -f /run/ejabberd/ejabberd.pid ]]; then
    kill "$(cat /run/ejabberd/ejabberd.pid)" 2>/dev/null || true
  fi
  exit 0
fi

dir=${2:?DIR required}
port=${3:-15280}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

case $cmd in
start)
  mkdir -p "$dir/spool" "$dir/logs"
  cat > "$dir/ejabberd.yml" <<YML
loglevel: warning
log_rotate_count: 0
hosts:
  - localhost
listen:
  -
    port: $port
    ip: "127.0.0.1"
    module: ejabberd_http
    backlog: 4096
    request_handlers:
      /ws: ejabberd_http_ws
      /api: mod_http_api
auth_method: internal
auth_password_format: plain
disable_sasl_mechanisms:
  - "digest-md5"
  - "X-OAUTH2"
  - "SCRAM-SHA-1"
  - "SCRAM-SHA-256"
  - "SCRAM-SHA-512"
websocket_ping_interval: 60
websocket_timeout: 600
acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  muc_create:
    allow: local
  register:
    allow: all
api_permissions:
  "loopback admin":
    from:
      - mod_http_api
      - ejabberd_ctl
    who:
      ip: 127.0.0.0/8
    what:
      - "*"
      - "!stop"
      - "!start"
  "console commands":
    from:
      - ejabberd_ctl
    who: all
    what: "*"
shaper_rules:
  max_user_sessions: 10
  max_user_offline_messages: 100
  c2s_shaper: none
modules:
  mod_disco: {}
  mod_ping: {}
  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_muc:
    access_create: muc_create
    max_users: 2000
    max_users_admin_threshold: 20
    max_user_conferences: 100
    history_size: 0
    min_message_interval: 0
    default_room_options:
      mam: false
      persistent: false
      logging: false
      max_users: 2000
  mod_roster: {}
  mod_stream_mgmt: {}
YML
  # ejabberdctl sources its .cfg after reading --config, and Debian's sets the config path: use our own.
  cat > "$dir/ejabberdctl.cfg" <<CFG
ERL_MAX_PORTS=20000
ERL_PROCESSES=1000000
ERL_MAX_ETS_TABLES=2000
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
CFG
  chown -R ejabberd:ejabberd "$dir"
  if [[ -f $dir/ejabberd.pid ]] && kill -0 "$(cat "$dir/ejabberd.pid")" 2>/dev/null; then
    echo "ejabberd already running (pid $(cat "$dir/ejabberd.pid"))"; exit 0
  fi
  ulimit -n "$(ulimit -Hn)"
  cd "$dir"
  nohup setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME="$dir" ERL_MAX_PORTS=20000 \
      ejabberdctl --ctl-config "$dir/ejabberdctl.cfg" --config "$dir/ejabberd.yml" --logs "$dir/logs" --spool "$dir/spool" --node ejabberd@localhost \
      foreground >"$dir/logs/console.log" 2>&1 &
  launcher=$!
  for _ in $(seq 1 120); do
    beam=$(pgrep -P "$launcher" -f beam.smp || true)
    [[ -z $beam ]] && beam=$(pgrep -u ejabberd -f "beam.smp.*ejabberd@localhost" | head -1 || true)
    if [[ -n $beam ]] && curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' \
        "http://127.0.0.1:$port/api/status" 2>/dev/null; then
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$port/api/status" || true)
      if [[ $code == 200 ]]; then
        echo "$beam" > "$dir/ejabberd.pid"
        echo "$launcher" > "$dir/launcher.pid"
        pgrep -u ejabberd -x epmd > "$dir/epmd.pid" || true
        echo "ejabberd started: beam pid $beam, limit $(grep 'open files' /proc/$beam/limits | awk '{print $4}') open files"
        exit 0
      fi
    fi
    if ! kill -0 "$launcher" 2>/dev/null; then
      echo "ejabberd exited while starting:"; tail -30 "$dir/logs/console.log"; exit 1
    fi
    sleep 0.5
  done
  echo "ejabberd did not answer within 60 s"; tail -30 "$dir/logs/console.log"; exit 1
  ;;
stop)
  for f in ejabberd launcher epmd; do
    if [[ -f $dir/$f.pid ]]; then
      for pid in $(cat "$dir/$f.pid"); do
        kill "$pid" 2>/dev/null || true
      done
    fi
  done
  if [[ -f $dir/ejabberd.pid ]]; then
    pid=$(cat "$dir/ejabberd.pid")
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/ejabberd.pid" "$dir/launcher.pid" "$dir/epmd.pid"
  fi
  echo "ejabberd stopped"
  ;;
status)
  if [[ -f $dir/ejabberd.pid ]] && kill -0 "$(cat "$dir/ejabberd.pid")" 2>/dev/null; then
    echo "running $(cat "$dir/ejabberd.pid")"
  else
    echo "stopped"; exit 3
  fi
  ;;
*)
  echo "unknown command $cmd"; exit 2
  ;;
esac
