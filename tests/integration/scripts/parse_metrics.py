#!/usr/bin/python3
# Parses Prometheus text from stdin with the reference parser (python3-prometheus-client) and
# prints one line per sample, "name{k=v,...} value" with labels sorted; exit 1 if it does not parse.
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            print(f"{s.name}{{{labels}}} {s.value:g}")
except Exception as e:  # the parser raises ValueError and friends on bad input
    print(f"parse error: {e}", file=sys.stderr)
    sys.exit(1)
