/**
 * `npm run crm -- churn train`: trains the churn model (流失预警, business-rules.md §7) on the imported
 * history, prints its out-of-time quality (the tree's and the rules' AUC, precision and lift in the
 * top 10 %, the cut-off days, the features by importance) and re-scores the latest day, in one
 * transaction. Exit 0 when a model was trained, 1 when the history allowed none (the reason is
 * printed), 2 on a usage error.
 */
import os from 'node:os';
import { codeLabel } from '../../../../shared/codes.js';
import { config } from '../../config.js';
import { inTransaction, openDatabase } from '../../db/database.js';
import { trainChurnAndDerive } from '../../modules/intelligence/intelligence.derive.js';

const USAGE = `usage: npm run crm -- churn train

  Trains the churn model on the imported history: features as of cut-off days, label = churned
  within the horizon (setting churn.horizonDays). Trained on the earlier cut-offs, tested on later
  ones whose days it never saw; prints the test figures and re-scores the latest imported day.`;

const pct = (x: string | null | undefined): string => (x === null || x === undefined ? '–' : `${(Number(x) * 100).toFixed(1)} %`);

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length !== 1 || argv[0] !== 'train') {
    console.error(`crm churn: expected 'train'\n\n${USAGE}`);
    return 2;
  }
  const db = await openDatabase(config(), { log: (m) => console.error(m) });
  try {
    const r = await inTransaction(db.pool, (client) => trainChurnAndDerive(client, `cli:${os.userInfo().username}`));
    const m = r.metrics;
    if (r.noModelReason) {
      console.log(`no model: ${codeLabel('churnNoModel', r.noModelReason, 'en')} (${m.days} imported trading days${m.needDays ? `, a training needs ${m.needDays}` : ''})`);
      return 1;
    }
    console.log(`churn model ${r.modelId}: churn within ${r.horizonDays} trading days, learned from ${m.days} imported trading days`);
    console.log(`  train cut-offs (${r.trainCutoffs.length}): ${r.trainCutoffs.join(' ')}  — ${m.examples} examples, ${m.churners} churned`);
    console.log(`  test cut-offs  (${r.testCutoffs.length}): ${r.testCutoffs.join(' ')}  — ${m.testExamples} examples, ${m.testChurners} churned (rate ${pct(m.baseRate)})`);
    console.log(`  out-of-time     AUC     precision@top10%  lift@top10%`);
    console.log(`  boosted trees   ${m.auc ?? '–'}  ${pct(m.precisionAtTop10).padEnd(16)}  ${m.liftAtTop10 ?? '–'}`);
    console.log(`  one tree        ${m.singleTreeAuc ?? '–'}`);
    console.log(`  rules alone     ${m.rulesAuc ?? '–'}  ${pct(m.rulesPrecisionAtTop10).padEnd(16)}  ${m.rulesLiftAtTop10 ?? '–'}`);
    console.log(`  features by importance: ${r.importance.filter((f) => Number(f.importance) > 0).map((f) => `${f.name} ${pct(f.importance)}`).join(', ')}`);
    console.log(`  ${m.trees} boosted trees of depth 3, trained in ${m.seconds} s; scored ${r.scored} customers of the latest day`);
    return 0;
  } finally {
    await db.close();
  }
}
