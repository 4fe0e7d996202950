import { defaultFiguresWindows, parseFiguresWindow } from '../../../shared/activity-figures.js';
import { printJson, UsageError } from '../cli-io.js';
import { activityText } from '../activity-text.js';
import { jsonOption, noArgs, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';

/**
 * `signet activity`: the sign-in and refresh figures, per provider and overall, over the last
 * 24 hours and 7 days, or over the one window `--since` names.
 */
export const activityCommand: CoreCommand = {
  name: 'activity',
  synopsis: 'activity [--json] [--since <duration>]',
  summary: 'sign-in and refresh figures, per provider and overall',
  options: {
    json: jsonOption,
    since: {
      type: 'string',
      description: 'one window instead of 24h and 7d: 90m, 12h, 3d, 2w',
      value: 'duration',
    },
  },
  completes: 'none',
  needsCore: true,
  async run(service, { args, values, io }) {
    noArgs('activity', args);
    const raw = values['since'];
    let windows = defaultFiguresWindows;
    if (raw !== undefined) {
      const window = typeof raw === 'string' ? parseFiguresWindow(raw) : null;
      if (!window) {
        throw new UsageError(
          '--since takes a whole number and a unit, m, h, d or w (90m, 12h, 3d, 2w), up to a year.',
        );
      }
      windows = [window];
    }
    const figures = service.activityFigures(windows);
    if (values['json']) printJson(io, figures);
    else {
      const names = new Map(service.listProviders().map((provider) => [provider.id, provider.name]));
      io.stdout(activityText(figures, (id) => names.get(id) ?? id));
    }
    return exitCodes.ok;
  },
};
