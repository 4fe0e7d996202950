// The OpenMetrics parser of the Prometheus project's own client library (prometheus_client's
// `openmetrics.parser`, Debian's python3-prometheus-client, which `npm test` installs). It is
// strict: it refuses text that breaks the OpenMetrics specification (a counter sample without
// `_total`, a missing `# EOF`, a unit that is not the name's suffix, …), which the npm parsers,
// written for the older Prometheus text format, do not check.
import { spawnSync } from 'node:child_process';

export interface OpenMetricsSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface OpenMetricsFamily {
  name: string;
  type: string;
  unit: string;
  help: string;
  samples: OpenMetricsSample[];
}

const python = '/usr/bin/python3';
const script = `
import json, math, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = []
for f in text_string_to_metric_families(sys.stdin.read()):
    families.append({"name": f.name, "type": f.type, "unit": f.unit, "help": f.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
json.dump(families, sys.stdout)
`;

/** Parses OpenMetrics text strictly; throws the parser's own last line when it is not valid. */
export function parseOpenMetrics(text: string): OpenMetricsFamily[] {
  const result = spawnSync(python, ['-c', script], { input: text, encoding: 'utf8' });
  if (result.status !== 0) {
    const reason = result.error?.message ?? result.stderr.trim().split('\n').at(-1);
    throw new Error(`not OpenMetrics: ${reason}`);
  }
  return JSON.parse(result.stdout) as OpenMetricsFamily[];
}
