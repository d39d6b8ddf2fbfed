#!/usr/bin/env bash
# Makes a local stand-in for the image's Java base (eclipse-temurin:25-jre) on a machine that reaches
# no container registry: a minimal Debian root (debootstrap, from Debian's mirror) with a Java runtime
# linked by jlink from a local JDK 25, imported with podman under a name of its own, never under the
# real base's name (a later build must not mistake it for eclipse-temurin). Build against it with
#   podman build --pull=never --build-arg JRE_IMAGE=<name> ...
# ImageIT runs this once per machine; the image stays in podman's store for the next runs.
#
# usage: stand-in-base.sh NAME [JDK_HOME]      needs root, debootstrap, podman, a JDK 25 (JEP 493 jlink)
set -euo pipefail
name=${1:?usage: stand-in-base.sh NAME [JDK_HOME]}
jdk=${2:-${JAVA_HOME:?set JAVA_HOME or pass a JDK}}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What a JRE image offers a server (the real base holds more; the app must start on this subset).
modules=java.se,jdk.unsupported,jdk.management,jdk.jfr,jdk.net,jdk.zipfs,jdk.localedata,jdk.charsets,jdk.crypto.cryptoki,jdk.naming.dns,jdk.httpserver

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# jlink and debootstrap both take a while: run them side by side.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$work/openjdk" &
jlink_pid=$!
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { cat "$work/debootstrap.log" >&2; exit 1; }
wait "$jlink_pid"
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"* \
  "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/usr/share/locale"
mkdir -p "$work/root/opt/java"
mv "$work/openjdk" "$work/root/opt/java/openjdk"
# The same JAVA_HOME and PATH as the eclipse-temurin images.
tar -C "$work/root" -c . | podman import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'LABEL io.parley.stand-in=eclipse-temurin-jre' \
  --change 'CMD ["jshell"]' \
  - "$name" >/dev/null
echo "$name"
