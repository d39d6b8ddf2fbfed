#!/usr/bin/env bash
# Runs the benchmark suite: Parley (W1-W5) and ejabberd (W1-W3), one server at a time, and writes
# docs/benchmarks.md with its plots in docs/benchmarks/.
#
#   loadtest/run-benchmarks.sh --short      about 10 minutes in all
#   loadtest/run-benchmarks.sh --full       the real measurement (19,000 connections, longer steps)
#
# Other options: --only W1,W2 --targets parley,ejabberd --server-jar PATH --cache-dir DIR
# (default /tmp/parley-bench: server data, benchmark accounts and tokens, ejabberd's spool, kept
# between runs so accounts are made once) --run-dir DIR --no-profile --server-flag --name=value.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ ! -x $JAVA_HOME/bin/java ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "Needs a JDK 21+ in JAVA_HOME (tried $JAVA_HOME)" >&2; exit 1
fi
cd "$root"
jar=$here/target/parley-loadtest.jar
if [[ ! -f $jar ]] || [[ -n $(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit) ]]; then
  ./mvnw -B -q -f loadtest/pom.xml package -DskipTests
fi
# Several source addresses per worker need nothing on Linux (all of 127/8 is local); ejabberd's
# peer is installed on first use (apt-get) by loadtest/ejabberd.sh.
exec "$JAVA_HOME/bin/java" -Xmx2g -Djava.awt.headless=true -Dloadtest.home="$here" -cp "$jar" io.parley.loadtest.Main suite "$@"
