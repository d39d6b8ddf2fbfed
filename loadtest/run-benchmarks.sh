#!/usr/bin/env bash
# Runs the benchmark suite: Parley on one node (W1-W5), Parley on three nodes behind nginx
# (target parley-cluster: W1 through nginx with TLS, W2 and W3 across nodes, FAILOVER: a node
# killed) and ejabberd (W1-W3), one server at a time, and writes docs/benchmarks.md with its plots
# and results.json in docs/benchmarks/.
#
#   loadtest/run-benchmarks.sh --short      a quick look (small sizes, short steps; about 20 minutes in all)
#   loadtest/run-benchmarks.sh --full       the real measurement (19,000 connections per node, longer steps;
#                                           about 45 minutes in all, 36 without ejabberd)
#
# Other options: --only W1,W2,W3,W4,W5,FAILOVER --targets parley,parley-cluster,ejabberd
# --server-jar PATH (the single node's; the cluster runs server/target/parley-server.jar)
# --cache-dir DIR (default /tmp/parley-bench: server data, the cluster's directory, benchmark
# accounts and tokens, ejabberd's spool, kept between runs so accounts are made once)
# --run-dir DIR --report FILE --no-profile --server-flag --name=value (every Parley node)
# --nginx-workers N (the cluster's nginx; by default enough for its W1 connections).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ ! -x $JAVA_HOME/bin/java ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "Needs a JDK 21+ in JAVA_HOME (tried $JAVA_HOME)" >&2; exit 1
fi
cd "$root"
jar=$here/target/parley-loadtest.jar
# The load generator includes the cluster launcher (deploy/cluster), which needs the server's jar
# and the broker's jars beside it: the whole build, as ./parley cluster does.
if [[ ! -f $jar || ! -f server/target/parley-server.jar || ! -d deploy/cluster/target/kafka ]] \
    || [[ -n $(find "$here/src" "$here/pom.xml" deploy/cluster/src deploy/nginx -newer "$jar" -print -quit) ]]; then
  ./mvnw -B -q -DskipTests package
fi
# Several source addresses per worker need nothing on Linux (all of 127/8 is local); ejabberd's
# peer is installed on first use (apt-get) by loadtest/ejabberd.sh.
exec "$JAVA_HOME/bin/java" -Xmx2g -Djava.awt.headless=true -Dloadtest.home="$here" -cp "$jar" io.parley.loadtest.Main suite "$@"
