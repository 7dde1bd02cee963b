#!/usr/bin/env bash
# A real Apache Kafka broker (KRaft, one combined broker+controller) on 127.0.0.1, from Maven Central jars.
#   infra/kafka/kafka.sh start | stop | status | wait
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (/tmp/cocrea-kafka) configure it.
# The jars are resolved once into infra/kafka/target/lib (and Maven's cache); later starts take seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$here/target/lib"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
data="${KAFKA_DATA_DIR:-/tmp/cocrea-kafka}"
pidfile="$data/kafka.pid"

resolve() {
  if ! ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1; then
    echo "kafka: resolving the broker's jars from Maven Central" >&2
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime >&2
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

wait_ready() {
  for _ in $(seq 1 120); do
    if answers; then return 0; fi
    if ! running; then echo "kafka: the broker exited; see $data/kafka.log" >&2; tail -20 "$data/kafka.log" >&2 || true; return 1; fi
    sleep 0.5
  done
  echo "kafka: no answer on 127.0.0.1:$port after 60 s; see $data/kafka.log" >&2
  return 1
}

start() {
  if running; then echo "kafka: already running (pid $(cat "$pidfile"))"; wait_ready; return; fi
  resolve
  mkdir -p "$data"
  cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
message.max.bytes=8388608
replica.fetch.max.bytes=8388608
PROPS
  local classpath="$lib/*"
  local java_opts=(-Xms256m -Xmx768m -XX:+UseG1GC "-Dlog4j2.configurationFile=$here/log4j2.properties")
  if [ ! -f "$data/logs/meta.properties" ]; then
    local cluster
    cluster="$(java -cp "$classpath" "${java_opts[@]}" kafka.tools.StorageTool random-uuid | tail -1)"
    java -cp "$classpath" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster" -c "$data/server.properties" >"$data/format.log" 2>&1 \
      || { cat "$data/format.log" >&2; exit 1; }
  fi
  nohup java -cp "$classpath" "${java_opts[@]}" kafka.Kafka "$data/server.properties" >"$data/kafka.log" 2>&1 &
  echo $! >"$pidfile"
  wait_ready
  echo "kafka: listening on 127.0.0.1:$port (pid $(cat "$pidfile"), data in $data)"
}

stop() {
  if ! running; then echo "kafka: not running"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "kafka: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  wait) wait_ready ;;
  status) if running && answers; then echo "kafka: running (pid $(cat "$pidfile"))"; else echo "kafka: not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|wait" >&2; exit 2 ;;
esac
