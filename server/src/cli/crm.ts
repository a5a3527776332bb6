/**
 * The `crm` command line (interfaces.md): `npm run crm -- <command> [options]`.
 * Each command lives in ./commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).
 */
import { leaveAllEmbedded } from '../db/embedded.js';

/** A command's module; `handlesSignals`: it stops gracefully on SIGINT / SIGTERM itself (the handlers below are removed). */
interface CommandModule {
  run: (argv: string[]) => Promise<number>;
  handlesSignals?: boolean;
}

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  import: { summary: 'import <dir>            import one end-of-day folder, or every day folder under <dir>', load: () => import('./commands/import.js') },
  'import-org': { summary: 'import-org <dir>        load teams, staff and relationships from CSV', load: () => import('./commands/import-org.js') },
  user: { summary: 'user add --username U --role R [--staff S]   create a login (password from stdin)', load: () => import('./commands/user.js') },
  demo: { summary: 'demo [--customers N] [--days D] [--out DIR] [--seed S] [--end YYYY-MM-DD]   write a synthetic brokerage', load: () => import('./commands/demo.js') },
  migrate: { summary: 'migrate                 create or migrate the schema and exit', load: () => import('./commands/migrate.js') },
  day: { summary: 'day remove <YYYY-MM-DD>  remove an imported day; later figures are derived again', load: () => import('./commands/day.js') },
  churn: { summary: 'churn train             train the churn model on the imported history and print its out-of-time quality', load: () => import('./commands/churn.js') },
  products: { summary: 'products targets-train [--product CODE]   train the target-customer models and print their out-of-time quality', load: () => import('./commands/products.js') },
  archive: { summary: 'archive --before YYYY-MM [--out DIR] | restore <file> | list   archive old fact months to files, or put one back', load: () => import('./commands/archive.js') },
  'citus-sql': { summary: 'citus-sql [--out FILE]  write docs/deploy/citus.sql, which distributes the schema on Citus', load: () => import('./commands/citus-sql.js') },
  worker: { summary: 'worker [--workers N]    run the outreach delivery worker (e-mail and SMS sending) until Ctrl-C', load: () => import('./commands/worker.js') },
};

function usage(): string {
  return ['usage: npm run crm -- <command> [options]', '', ...Object.values(commands).map((c) => '  ' + c.summary)].join('\n');
}

async function main(): Promise<number> {
  // `npm run crm -- import ./x` runs from the package root: resolve paths from where the user typed it.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`crm: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  if (mod.handlesSignals) for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  return mod.run(rest);
}

// Ctrl-C (or a kill) ends the command, but not the embedded PostgreSQL it uses: that runs in a
// session of its own, and the server may be using it too. Leave it (the last user stops it), then exit.
const signalHandlers = ([['SIGINT', 130], ['SIGTERM', 143]] as const).map(([signal, code]) => {
  const handler = () => void leaveAllEmbedded().finally(() => process.exit(code));
  process.once(signal, handler);
  return [signal, handler] as const;
});

// Exit explicitly with the command's code (open handles such as a pool's timers must not keep it alive).
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
