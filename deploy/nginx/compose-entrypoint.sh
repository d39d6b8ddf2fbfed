#!/bin/sh
# nginx's entrypoint in deploy/compose.yaml: renders parley.conf.template as deploy/cluster's NginxConfig
# does (every {{name}} filled in, a placeholder without a value an error; the line holding {{node}}
# repeated once per node of PARLEY_NODES; {{upstream_source}} once, "" so that the kernel picks the
# address nginx connects to the nodes from), then runs nginx in the foreground.
#   sh compose-entrypoint.sh render     only renders (to PARLEY_NGINX_CONF), as ComposeFileTest does
set -eu
template=${PARLEY_NGINX_TEMPLATE:-/etc/parley/parley.conf.template}
conf=${PARLEY_NGINX_CONF:-/etc/nginx/parley.conf}
prefix=${PARLEY_NGINX_PREFIX:-/var/cache/nginx/parley}
: "${PARLEY_NODES:?PARLEY_NODES lists the nodes as host:port, separated by spaces}"

# The values, one "name value" a line (a value may hold spaces, never a newline).
values=$(cat <<VALUES
user_directive user nginx;
worker_processes ${NGINX_WORKER_PROCESSES:-auto}
prefix $prefix
logs ${PARLEY_NGINX_LOGS:-/var/log/nginx}
listen_address *
http_port ${PARLEY_HTTP_PORT:-80}
https_port ${PARLEY_HTTPS_PORT:-443}
certificate ${PARLEY_TLS_CERTIFICATE:-/etc/parley/tls/tls.crt}
certificate_key ${PARLEY_TLS_KEY:-/etc/parley/tls/tls.key}
static_root ${PARLEY_STATIC_ROOT:-/srv/parley/static}
upstream_source * ""
VALUES
)

printf '%s\n' "$values" | awk -v nodes="$PARLEY_NODES" -v template="$template" '
  function fill(line,    out, name, start) {
    out = ""
    while (match(line, /\{\{[a-z_]+\}\}/)) {
      name = substr(line, RSTART + 2, RLENGTH - 4)
      if (!(name in value)) {
        printf "No value for {{%s}} in the nginx template\n", name > "/dev/stderr"
        failed = 1
        exit 1
      }
      out = out substr(line, 1, RSTART - 1) value[name]
      line = substr(line, RSTART + RLENGTH)
    }
    return out line
  }
  { name = $1; sub(/^[^ ]+ /, ""); value[name] = $0 }
  END {
    if (failed) exit 1
    count = split(nodes, node, " ")
    if (count == 0) { print "nginx needs at least one node" > "/dev/stderr"; exit 1 }
    while ((getline line < template) > 0) {
      if (index(line, "{{node}}")) {
        for (i = 1; i <= count; i++) {
          copy = line
          gsub(/\{\{node\}\}/, node[i], copy)
          print fill(copy)
        }
      } else {
        print fill(line)
      }
    }
  }
' > "$conf.tmp"
mv "$conf.tmp" "$conf"

[ "${1:-}" = render ] && exit 0

mkdir -p "$prefix/temp"
# The template's log files, to the container's output.
logs=${PARLEY_NGINX_LOGS:-/var/log/nginx}
ln -sf /dev/stdout "$logs/nginx-access.log"
ln -sf /dev/stderr "$logs/nginx-error.log"
exec nginx -c "$conf" -g 'daemon off;'
