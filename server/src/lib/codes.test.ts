/**
 * The dictionary of codes (shared/codes.ts) labels every code the system can store or answer with,
 * in Chinese and in English. The lists are derived, not copied: the CHECK constraints of the
 * migrations, the enumerations of the extract format (extract.spec.ts), every enum of the
 * OpenAPI document (generated from the routes' zod schemas), the registered workflow types and
 * the audit actions written in the source. A new code without a label fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES, codeLabel, codeLanguageOf, describeParameters, isCode, type CodeKind } from '../../../shared/codes.js';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { buildApp } from '../app.js';
import { CUSTOMER_STATUSES } from './codes.js';
import { FILES } from '../modules/extract/extract.spec.js';
import { WORKFLOW_ACTIONS } from '../modules/workflows/workflows.schemas.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIGRATIONS = path.join(SRC, 'db', 'migrations');

/** Which dictionary kind labels each CHECK-constrained column (table.column). */
const CHECKED_COLUMNS: Readonly<Record<string, CodeKind>> = {
  'staff.category': 'staffCategory',
  'alerts.rule': 'alertRule',
  'alerts.status': 'alertStatus',
  'alert_history.action': 'alertAction',
  'churn_models.no_model_reason': 'churnNoModel',
  'product_target_models.risk_level': 'productRisk',
  'product_target_score_runs.risk_level': 'productRisk',
  'product_target_models.level': 'productTargetLevel',
  'product_target_models.no_model_reason': 'productTargetNoModel',
  'staff.level': 'staffLevel',
  'staff.contract_type': 'contractType',
  'staff.status': 'staffStatus',
  'staff_history.field': 'staffField',
  'customers.customer_type': 'customerType',
  'customers.status': 'customerStatus',
  'customers.risk_level': 'riskLevel',
  'customers.investor_class': 'investorClass',
  'risk_assessments.risk_level': 'riskLevel',
  'fund_accounts.account_kind': 'accountKind',
  'fund_accounts.currency': 'currency',
  'prospects.status': 'appointmentStatus',
  'securities.market': 'market',
  'securities.security_class': 'securityClass',
  'products.product_type': 'productType',
  'products.risk_level': 'productRisk',
  'fx_rates.currency': 'currency',
  'relationships.kind': 'relationshipKind',
  'users.role': 'role',
  'import_runs.kind': 'importKind',
  'import_runs.status': 'importStatus',
  'payroll_template_base_salaries.level': 'staffLevel',
  'payroll_months.status': 'payrollMonthStatus',
  'payroll_adjustments.kind': 'adjustmentKind',
  'workflows.status': 'workflowStatus',
  'workflow_steps.status': 'stepStatus',
  'workflow_history.event': 'workflowEvent',
  'contacts.channel': 'contactChannel',
  'outreach_templates.channel': 'outreachChannel',
  'campaigns.channel': 'outreachChannel',
  'campaigns.source': 'campaignSource',
  'campaigns.status': 'campaignStatus',
  'campaign_messages.status': 'campaignMessageStatus',
  'outreach_opt_outs.channel': 'outreachChannel',
  'outreach_opt_outs.source': 'optOutSource',
  'contacts.delivery_status': 'campaignMessageStatus',
  'sms_gateway_messages.direction': 'smsDirection',
  'sms_gateway_messages.report_status': 'smsReportStatus',
  'training_courses.category': 'courseCategory',
  'service_products.kind': 'serviceProductKind',
  'service_products.risk_level': 'productRisk',
  'service_products.status': 'serviceProductStatus',
  'service_subscriptions.suitability': 'subscriptionSuitability',
  'service_content.kind': 'contentKind',
  'service_content.category': 'contentCategory',
  'service_content.risk_level': 'productRisk',
  'service_content.status': 'contentStatus',
  'service_push_recipients.status': 'pushRecipientStatus',
  'training_questions.kind': 'questionKind',
  'training_attempts.status': 'attemptStatus',
  'training_attempt_questions.kind': 'questionKind',
  'customer_kyc.occupation': 'kycOccupation',
  'customer_kyc.industry': 'kycIndustry',
  'customer_kyc.education': 'kycEducation',
  'customer_kyc.income_band': 'kycIncomeBand',
  'customer_kyc.asset_band': 'kycAssetBand',
  'customer_kyc.fund_source': 'kycFundSource',
  'customer_kyc.investment_goal': 'kycGoal',
  'customer_kyc.investment_horizon': 'kycHorizon',
  'customer_kyc.emergency_relation': 'kycRelation',
  'customer_households.relation': 'kycRelation',
  'customer_related_accounts.relation': 'kycAccountRelation',
};

/** Which dictionary kind labels each enumerated column of the extract (file.column). */
const EXTRACT_COLUMNS: Readonly<Record<string, CodeKind>> = {
  'customers.csv.customer_type': 'customerType',
  'customers.csv.status': 'customerStatus',
  'customers.csv.risk_level': 'riskLevel',
  'customers.csv.investor_class': 'investorClass',
  'customers.csv.lowest_risk_category': 'lowestRiskCategory',
  'fund_accounts.csv.account_kind': 'accountKind',
  'fund_accounts.csv.currency': 'currency',
  'fund_accounts.csv.status': 'customerStatus',
  'securities.csv.market': 'market',
  'securities.csv.security_class': 'securityClass',
  'products.csv.product_type': 'productType',
  'products.csv.risk_level': 'productRisk',
  'fx_rates.csv.currency': 'currency',
  'assets.csv.currency': 'currency',
  'positions.csv.market': 'market',
  'orders.csv.market': 'market',
  'orders.csv.side': 'side',
  'orders.csv.status': 'orderStatus',
  'orders.csv.channel': 'channel',
  'trades.csv.market': 'market',
  'trades.csv.side': 'side',
  'trades.csv.channel': 'channel',
  'fund_flows.csv.currency': 'currency',
  'fund_flows.csv.flow_type': 'flowType',
  'product_trades.csv.txn_type': 'productTxnType',
};

/**
 * Enums of the API that are not codes shown to people: response formats, encodings, switches.
 * Each entry is the enum's values joined by ','.
 */
// formats, toggles and the report catalogue's parameter and column kinds: structure for the web, never shown as text
const NOT_SHOWN = new Set(['json,xlsx', 'utf-8,gbk', 'on,off', '3.1.0', 'date,month,select,integer,text,team,branch', 'text,date,month,int,count,money,rate']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** `{ 'table.column': values }` of every `check (column in (...))` of the migrations. */
export function checkedColumns(sqlFiles: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const text of sqlFiles) {
    let table = '';
    const pattern = /(?:create|alter) table (?:if not exists )?(\w+)|check \((\w+) in \(([^)]*)\)/gi;
    for (const m of text.matchAll(pattern)) {
      if (m[1]) {
        table = m[1];
        continue;
      }
      const values = [...(m[3] ?? '').matchAll(/'([^']*)'/g)].map((v) => v[1] as string);
      const key = `${table}.${m[2]}`;
      found.set(key, [...new Set([...(found.get(key) ?? []), ...values])]);
    }
  }
  return found;
}

function missingLabels(kind: CodeKind, values: readonly string[]): string[] {
  return values.filter((v) => !isCode(kind, v)).map((v) => `${kind}.${v}`);
}

/** Every `enum` array anywhere in a JSON document. */
function enumsIn(node: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(node)) node.forEach((n) => enumsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value)) out.push(value.filter((v): v is string => typeof v === 'string' && v !== ''));
      else enumsIn(value, out);
    }
  }
  return out;
}

describe('the dictionary of codes', () => {
  it('has a Chinese and an English label for every code, none empty', () => {
    for (const [kind, labels] of Object.entries(CODES)) {
      for (const [code, label] of Object.entries(labels)) {
        expect(label.zh.trim(), `${kind}.${code} zh`).not.toBe('');
        expect(label.en.trim(), `${kind}.${code} en`).not.toBe('');
        expect(label.en, `${kind}.${code} en is English`).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('labels every value a CHECK constraint of the migrations allows', () => {
    const sql = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(MIGRATIONS, f), 'utf8'));
    const checked = checkedColumns(sql);
    expect(checked.size).toBeGreaterThan(20);
    const unmapped = [...checked.keys()].filter((key) => !(key in CHECKED_COLUMNS));
    expect(unmapped, 'a CHECK-constrained column without a dictionary kind: add it to CHECKED_COLUMNS and shared/codes.ts').toEqual([]);
    const missing = [...checked].flatMap(([key, values]) => missingLabels(CHECKED_COLUMNS[key] as CodeKind, values));
    expect(missing).toEqual([]);
  });

  it('has one list of customer statuses: the labelled codes, the CHECK constraint, the extract and the filter', () => {
    expect(CUSTOMER_STATUSES).toEqual(['NORMAL', 'FROZEN', 'LOST', 'DORMANT', 'CLOSED']);
    expect(Object.keys(CODES.customerStatus)).toEqual([...CUSTOMER_STATUSES]);
    const sql = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().map((f) => fs.readFileSync(path.join(MIGRATIONS, f), 'utf8'));
    expect(checkedColumns(sql).get('customers.status')).toEqual([...CUSTOMER_STATUSES]);
    const extract = FILES.flatMap((file) => file.columns.filter((c) => c.name === 'status' && c.type.t === 'enum' && c.type.values === CUSTOMER_STATUSES));
    expect(extract.map((c) => c.name)).toEqual(['status']); // customers.csv
  });

  it('labels every value an enumerated column of the extract format allows', () => {
    const enumerated = FILES.flatMap((file) =>
      file.columns.flatMap((c) => (c.type.t === 'enum' ? [{ key: `${file.name}.${c.name}`, values: c.type.values }] : [])),
    );
    expect(enumerated.length).toBeGreaterThan(15);
    expect(enumerated.map((e) => e.key).filter((key) => !(key in EXTRACT_COLUMNS))).toEqual([]);
    expect(enumerated.flatMap((e) => missingLabels(EXTRACT_COLUMNS[e.key] as CodeKind, e.values))).toEqual([]);
  });

  it('labels every registered workflow type and every audit action and entity the source writes', () => {
    const sources = sourceFiles(path.join(SRC, 'modules')).map((f) => fs.readFileSync(f, 'utf8'));
    const types = sources.flatMap((text) => [...text.matchAll(/defineOperation\(\{\s*type: '([A-Z_]+)'/g)].map((m) => m[1] as string));
    expect(types.length).toBeGreaterThanOrEqual(8);
    expect(missingLabels('workflowType', types)).toEqual([]);

    const lines = sources.flatMap((text) => text.split('\n')).filter((line) => /\baction\b/.test(line));
    const literal = lines.flatMap((line) => [...line.matchAll(/'([a-z]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1] as string));
    // `workflow.${body.action}`: one action per workflow action
    const byAction = lines.flatMap((line) =>
      [...line.matchAll(/`([a-z]+)\.\$\{[\w.]*action\}`/g)].flatMap((m) => WORKFLOW_ACTIONS.map((a) => `${m[1]}.${a}`)),
    );
    // `${view.entity}.view_pii`: one action per entity passed to auditPiiView
    const piiEntities = sources.flatMap((text) => [...text.matchAll(/auditPiiView\([^{]*\{ entity: '(\w+)'/g)].map((m) => m[1] as string));
    const byEntity = lines.flatMap((line) =>
      [...line.matchAll(/`\$\{[\w.]*entity\}\.([a-z_]+)`/g)].flatMap((m) => piiEntities.map((e) => `${e}.${m[1]}`)),
    );
    const templated = [...byAction, ...byEntity];
    expect(literal).toContain('customer.export');
    expect(templated).toEqual(expect.arrayContaining(['workflow.approve', 'customer.view_pii', 'staff.view_pii']));
    expect(missingLabels('auditAction', [...new Set([...literal, ...templated])])).toEqual([]);

    const entities = sources.flatMap((text) => [...text.matchAll(/\bentity: '(\w+)'/g)].map((m) => m[1] as string));
    expect(entities).toContain('trading_day');
    expect(missingLabels('auditEntity', [...new Set(entities)])).toEqual([]);
  });

  describe('the API', () => {
    let db: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await createTestDb();
      app = await buildApp({ pool: db.pool, webRoot: '/nonexistent' });
    });
    afterAll(async () => {
      await app.close();
      await db.drop();
    });

    it('labels every enum of the OpenAPI document (the zod schemas) under one kind', async () => {
      const doc: unknown = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const enums = enumsIn(doc).filter((values) => values.length > 0 && !NOT_SHOWN.has(values.join(',')));
      expect(enums.length).toBeGreaterThan(20);
      const kinds = Object.keys(CODES) as CodeKind[];
      const unlabelled = enums.filter((values) => !kinds.some((kind) => values.every((v) => isCode(kind, v)))).map((values) => values.join(','));
      expect([...new Set(unlabelled)], 'an API enum whose values no one kind of shared/codes.ts labels').toEqual([]);
    });
  });
});

describe('codeLabel and describeParameters', () => {
  it('shows a code in either language, an unknown code as it is', () => {
    expect(codeLabel('lifecycle', 'SLEEPING', 'zh')).toBe('睡眠');
    expect(codeLabel('lifecycle', 'SLEEPING', 'en')).toBe('Sleeping');
    expect(codeLabel('flowType', 'BANK_IN', 'zh')).toBe('银证转入');
    expect(codeLabel('auditAction', 'customer.view_pii', 'en')).toBe('Customer personal information viewed');
    expect(codeLabel('orderStatus', 'NEW_STATUS', 'zh')).toBe('NEW_STATUS');
    expect(codeLabel('currency', null, 'zh')).toBe('');
    // an inherited property is not a code
    expect(codeLabel('currency', 'toString', 'en')).toBe('toString');
  });

  it('reads the language of a locale or an Accept-Language value', () => {
    expect(codeLanguageOf('en-US')).toBe('en');
    expect(codeLanguageOf('en;q=0.9, zh-CN;q=0.8')).toBe('en');
    expect(codeLanguageOf('zh-CN')).toBe('zh');
    expect(codeLanguageOf(undefined)).toBe('zh');
  });

  it('writes the parameters of an export with labels, coded values labelled, empty ones left out', () => {
    const params = { view: 'current', lifecycle: 'SLEEPING', status: 'FROZEN', q: '', branch: undefined, minAsset: '1000' };
    const codes = { view: 'listView', lifecycle: 'lifecycle', status: 'customerStatus' } as const;
    expect(describeParameters(params, codes, 'zh')).toBe('视图=当前; 生命周期=睡眠; 状态=冻结; 最低资产=1000');
    expect(describeParameters(params, codes, 'en')).toBe('View=Current; Lifecycle=Sleeping; Status=Frozen; Minimum asset=1000');
  });
});
