import { Command } from 'commander';
import { engine, loadRegistry } from '../lazy';
import { redactUrl } from '../../util/redact';
import { QuentyError } from '../../util/errors';
import { printJson, println, ok, dim } from '../output';
import { jsonOption } from '../options';

export function registerServer(program: Command) {
  const server = program
    .command('server')
    .description('manage the embedded PostgreSQL (used when QUENTY_DATABASE_URL is not set); it stays up between commands')
    .addHelpText('after', '\nExample:\n  quenty-db server status');
  const home = () => {
    const config = engine.config().loadConfig(loadRegistry());
    if (config.mode !== 'embedded') {
      throw new QuentyError('USAGE', 'QUENTY_DATABASE_URL is set: there is no embedded server to manage', { hint: 'unset it to use the embedded server' });
    }
    return config.home;
  };
  server
    .command('start')
    .description('initialize (first time) and start the embedded server')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db server start --json')
    .action(async (o) => {
      const h = home();
      await engine.embedded().ensureEmbedded(h);
      const st = engine.embedded().embeddedStatus(h);
      if (o.json) printJson({ running: st.running, port: st.port, dataDir: st.dataDir, url: st.url && redactUrl(st.url) });
      else println(`${ok('running')} on 127.0.0.1:${st.port} ${dim(`(data ${st.dataDir})`)}`);
    });
  server
    .command('stop')
    .description('stop the embedded server (fast shutdown)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db server stop')
    .action(async (o) => {
      const stopped = await engine.embedded().stopEmbedded(home());
      if (o.json) printJson({ stopped });
      else println(stopped ? 'stopped' : 'was not running');
    });
  server
    .command('status')
    .description('whether the embedded server runs, its port and data folder')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  quenty-db server status --json   # exit status 3 when it is not running')
    .action(async (o) => {
      const st = engine.embedded().embeddedStatus(home());
      const out = { ...st, url: st.url && redactUrl(st.url) };
      if (o.json) printJson(out);
      else if (!st.initialized) println('not initialized (it starts on first use, or with `quenty-db server start`)');
      else println(`${st.running ? ok('running') : 'stopped'} port ${st.port}${st.pid ? ` pid ${st.pid}` : ''} ${dim(`data ${st.dataDir}`)}`);
      if (!st.running) process.exitCode = 3;
    });
}
