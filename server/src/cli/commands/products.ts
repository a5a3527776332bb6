/**
 * `npm run crm -- products targets-train [--product CODE]`: trains the target-customer models
 * (目标客户挖掘, issue 13 item 3) — of the product's family, or of every family of the library — on
 * the imported history, stores them and prints their out-of-time quality: test examples and buyers,
 * the base rate, AUC, the hit rate and lift of the top 10 % and of the top K, and the same among the
 * first-time buyers' population (no purchase of the labelled products before). In one transaction.
 * Exit 0 when every family got a model, 1 when one could not (its reason is printed), 2 on a usage error.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { codeLabel } from '../../../../shared/codes.js';
import { config } from '../../config.js';
import { inTransaction, openDatabase } from '../../db/database.js';
import * as sql from '../../modules/products/targets.sql.js';
import { trainTargetModel, type CutoffCache, type Family } from '../../modules/products/targets.train.js';

const USAGE = `usage: npm run crm -- products targets-train [--product CODE]

  Trains the propensity model of the product's family (type × risk level), or of every family, on
  the imported history: features as of a cut-off day, label = bought within the window after it
  (setting outreach.hitWindowDays). Trained on earlier cut-offs, tested on the latest window it never
  saw; prints the test figures and stores the model that ranks the product's targets.`;

const pct = (x: string | null | undefined): string => (x === null || x === undefined ? '–' : `${(Number(x) * 100).toFixed(1)} %`);

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let product: string | undefined;
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { product: { type: 'string' } } });
    if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'targets-train') throw new Error(`expected 'targets-train'`);
    product = parsed.values.product;
    if (product !== undefined && !/^[A-Za-z0-9._-]{1,32}$/.test(product)) throw new Error(`--product: not a product code: ${JSON.stringify(product)}`);
  } catch (err) {
    console.error(`crm products: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const db = await openDatabase(config(), { log: (m) => console.error(m) });
  try {
    return await inTransaction(db.pool, async (client) => {
      let families: Family[];
      if (product) {
        const row = (await client.query<Family>(sql.PRODUCT_FAMILY, [product])).rows[0];
        if (!row) {
          console.error(`crm products: no product ${product}`);
          return 2;
        }
        families = [{ productType: row.productType, riskLevel: row.riskLevel }];
      } else {
        families = (await client.query<Family>(sql.FAMILIES)).rows;
      }
      let failed = 0;
      const cache: CutoffCache = new Map(); // the cut-off days' features, read once for every family
      console.log(`family                 level   test cut-off  examples  buyers  base rate  AUC     top 10 % hit  lift   top K hit  lift   one tree AUC/lift  ` +
        `first-time: examples  buyers  base rate  AUC     top 10 % hit  lift   s`);
      for (const family of families) {
        const r = await trainTargetModel(client, family, { by: `cli:${os.userInfo().username}`, cache });
        const m = r.metrics;
        const name = `${family.productType} ${family.riskLevel}`.padEnd(22);
        if (r.noModelReason) {
          failed++;
          console.log(`${name} no model: ${codeLabel('productTargetNoModel', r.noModelReason, 'en')} (${m.days} imported trading days)`);
          continue;
        }
        console.log(
          `${name} ${(r.level ?? '').padEnd(7)} ${(r.cutoff ?? '').padEnd(13)} ${String(m.testExamples).padStart(8)}  ${String(m.testBuyers).padStart(6)}  ` +
          `${pct(m.baseRate).padStart(9)}  ${(m.auc ?? '–').padEnd(6)}  ${pct(m.hitRateTop10).padStart(12)}  ${(m.liftTop10 ?? '–').padStart(5)}  ` +
          `${pct(m.hitRateTopK).padStart(9)}  ${(m.liftTopK ?? '–').padStart(5)}  ${`${m.singleTreeAuc ?? '–'}/${m.singleTreeLiftTop10 ?? '–'}`.padEnd(17)}  ` +
          `${String(m.firstTimeExamples ?? '–').padStart(20)}  ${String(m.firstTimeBuyers ?? '–').padStart(6)}  ${pct(m.firstTimeBaseRate).padStart(9)}  ` +
          `${(m.firstTimeAuc ?? '–').padEnd(6)}  ${pct(m.firstTimeHitRateTop10).padStart(12)}  ${(m.firstTimeLiftTop10 ?? '–').padStart(5)}  ${m.seconds}`,
        );
      }
      console.log(`window W = ${families.length ? (await client.query<{ w: number }>(`select window_days as w from product_target_models order by id desc limit 1`)).rows[0]?.w : '–'} days; ` +
        `trained on features at earlier cut-offs with labels up to the test cut-off C, tested on purchases in (C, C + W]; ` +
        `first-time: the test examples who bought none of what the label counts in the 365 days up to C, ranked among themselves`);
      return failed ? 1 : 0;
    });
  } finally {
    await db.close();
  }
}
