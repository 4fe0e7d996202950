import { noArgs, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { openMetricsText } from '../openmetrics-text.js';

/**
 * `signet metrics`: the figures in the OpenMetrics text format, for a collector that runs it
 * (node_exporter's textfile directory, a Telegraf `exec` input) to scrape.
 */
export const metricsCommand: CoreCommand = {
  name: 'metrics',
  synopsis: 'metrics',
  summary: 'the figures in the OpenMetrics text format',
  options: {},
  completes: 'none',
  needsCore: true,
  async run(service, { args, io }) {
    noArgs('metrics', args);
    io.stdout(openMetricsText(service.activityFigures()));
    return exitCodes.ok;
  },
};
