import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { engine, openContext } from '../lazy';
import { QuentyError } from '../../util/errors';
import { printJson, println, ok, bad } from '../output';
import { jsonOption } from '../options';

/** `quenty-db seed profile`: measure the seeded databases with SQL and draw them (library: src/seed/profile.ts). */
export function registerSeedProfile(seed: Command) {
  seed
    .command('profile')
    .description(
      'measure the seeded databases with SQL (orders per month and hour, orders per customer, score against rate, delinquency by score band, pickups by state) and draw them as SVG charts in one HTML page',
    )
    .option('--out <file>', 'the HTML page to write (default: print the figures only)')
    .option('--time-zone <tz>', 'IANA time zone of local months and hours (default America/Mexico_City)')
    .addOption(jsonOption('the measured figures as JSON on stdout'))
    .addHelpText('after', '\nExamples:\n  quenty-db seed profile --out profile.html\n  quenty-db seed profile --json | jq .orders.nightShare')
    .action(async (_o, command: Command) => {
      // --json may be parsed by `seed` itself: take both levels.
      const o = command.optsWithGlobals();
      if (o.out !== undefined && !String(o.out).trim()) throw new QuentyError('USAGE', '--out needs a file name');
      const { measureProfile, renderProfileHtml } = engine.seedProfile();
      const profile = await measureProfile(await openContext(), { timeZone: o.timeZone });
      if (o.out) {
        const file = path.resolve(String(o.out));
        if (!fs.existsSync(path.dirname(file)))
          throw new QuentyError('USAGE', `--out: directory ${path.dirname(file)} does not exist`, { hint: 'create it first' });
        fs.writeFileSync(file, renderProfileHtml(profile));
      }
      if (o.json) printJson(profile);
      else {
        for (const d of profile.databases) println(`${d.ok ? ok('✓') : bad('✗')} ${d.name}${d.error ? `: ${d.error}` : ''}`);
        if (profile.orders)
          println(
            `orders ${profile.orders.total}, night share ${(profile.orders.nightShare * 100).toFixed(1)}%, top-decile share ${(profile.orders.topDecileShare * 100).toFixed(1)}%`,
          );
        if (profile.credit) println(`loans ${profile.credit.loans}, score–rate correlation ${profile.credit.scoreRateCorrelation?.toFixed(2) ?? 'n/a'}`);
        if (profile.pickups) println(`pickups ${profile.pickups.total} in ${profile.pickups.byState.length} states`);
        if (o.out) println(`wrote ${path.resolve(String(o.out))}`);
      }
      if (!profile.ok) process.exitCode = 1;
    });
}
