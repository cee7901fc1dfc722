#!/usr/bin/env bash
# Prints the kafka-acls.sh commands a genaimon deployment needs: least privilege per component, prefixed ACLs per
# Kafka Streams application id (internal topics, consumer group, transactional ids) and on the topic prefix of the
# catalog. Review the output, then run it with an admin principal. docs/security.md explains each grant.
#
#   deploy/scripts/print-acls.sh --bootstrap kafka:9093 --command-config admin.properties \
#       --ingest User:genaimon-ingest --processors User:genaimon-processors \
#       --alerting User:genaimon-alerting --eval-worker User:genaimon-eval [--app-prefix genaimon] [--topic-prefix genaimon.]
set -euo pipefail

bootstrap="localhost:9092"
command_config=""
app_prefix="genaimon"
topic_prefix="genaimon."
ingest="User:genaimon-ingest"
processors="User:genaimon-processors"
alerting="User:genaimon-alerting"
eval_worker="User:genaimon-eval"
stages="enrich drift ops"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap) bootstrap="$2"; shift 2 ;;
    --command-config) command_config="$2"; shift 2 ;;
    --app-prefix) app_prefix="$2"; shift 2 ;;
    --topic-prefix) topic_prefix="$2"; shift 2 ;;
    --ingest) ingest="$2"; shift 2 ;;
    --processors) processors="$2"; shift 2 ;;
    --alerting) alerting="$2"; shift 2 ;;
    --eval-worker) eval_worker="$2"; shift 2 ;;
    --stages) stages="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "print-acls.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
for p in "$ingest" "$processors" "$alerting" "$eval_worker"; do
  case "$p" in User:?*|Group:?*) ;; *) echo "print-acls.sh: principal '$p' must look like User:name" >&2; exit 2 ;; esac
done

t() { echo "${topic_prefix}$1"; }
base="kafka-acls.sh --bootstrap-server ${bootstrap}${command_config:+ --command-config ${command_config}} --add"

# literal topic grants
allow() { # principal operation topic
  echo "$base --allow-principal $1 --operation $2 --topic $3"
}
# everything a Kafka Streams application id needs, whatever its topology
streams_app() { # principal application-id
  local p="$1" app="$2"
  echo "# Kafka Streams application ${app}: internal topics, consumer group, transactional ids (exactly-once v2)"
  echo "$base --allow-principal $p --operation All --resource-pattern-type prefixed --topic ${app}-"
  echo "$base --allow-principal $p --operation Read --resource-pattern-type prefixed --group ${app}"
  echo "$base --allow-principal $p --operation Write --operation Describe --resource-pattern-type prefixed --transactional-id ${app}"
}

echo "# ingest (${ingest}): writes what services send; creates and checks the catalog topics at startup (topics.create)"
for topic in interactions.raw.v1 feedback.v1 dlq.v1; do allow "$ingest" Write "$(t $topic)"; done
echo "$base --allow-principal $ingest --operation Describe --operation Create --operation DescribeConfigs --resource-pattern-type prefixed --topic ${topic_prefix}"
echo

echo "# processors (${processors}): the only reader of the unredacted raw topic"
for stage in $stages; do streams_app "$processors" "${app_prefix}-${stage}"; done
allow "$processors" Read "$(t interactions.raw.v1)"
for topic in interactions.v1 baselines.v1 deployments.v1 feedback.v1 eval-scores.v1; do allow "$processors" Read "$(t $topic)"; done
for topic in interactions.v1 safety-flags.v1 drift-reports.v1 signals.v1 eval-requests.v1 ground-truth.v1 dlq.v1; do
  allow "$processors" Write "$(t $topic)"
done
echo "$base --allow-principal $processors --operation Describe --resource-pattern-type prefixed --topic ${topic_prefix}"
echo

echo "# alerting (${alerting}): signals in, alerts and retraining triggers out"
streams_app "$alerting" "${app_prefix}-alerting"
allow "$alerting" Read "$(t signals.v1)"
for topic in alerts.v1 retraining-triggers.v1 dlq.v1; do allow "$alerting" Write "$(t $topic)"; done
echo "$base --allow-principal $alerting --operation Describe --resource-pattern-type prefixed --topic ${topic_prefix}"
echo

echo "# evaluation worker (${eval_worker}): transactional consume-evaluate-produce"
echo "$base --allow-principal $eval_worker --operation Read --resource-pattern-type prefixed --group ${app_prefix}-eval"
echo "$base --allow-principal $eval_worker --operation Write --operation Describe --resource-pattern-type prefixed --transactional-id ${app_prefix}-eval"
allow "$eval_worker" Read "$(t eval-requests.v1)"
for topic in eval-scores.v1 dlq.v1; do allow "$eval_worker" Write "$(t $topic)"; done
echo "$base --allow-principal $eval_worker --operation Describe --resource-pattern-type prefixed --topic ${topic_prefix}"
