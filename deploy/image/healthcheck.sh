#!/bin/bash
# The image's HEALTHCHECK: GET /actuator/health on the node itself, 0 when it answers 200 (UP).
# Plain bash (its /dev/tcp), so the image needs neither curl nor wget nor a second JVM every 30 s.
# The management port, when one is set apart (MANAGEMENT_SERVER_PORT), serves the endpoint instead.
port=${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "health: ${status%$'\r'}"; exit 1 ;;
esac
