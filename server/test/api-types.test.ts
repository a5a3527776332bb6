/**
 * The web's API types (web/src/api/schema.d.ts) are generated from the server's OpenAPI document and
 * committed; this test fails when the routes' schemas changed without regenerating them.
 */
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../scripts/api-types.js';

describe('web/src/api/schema.d.ts', () => {
  it('is what `npm run api:types` generates from the current routes', async () => {
    const committed = await fs.readFile(API_TYPES_FILE, 'utf8').catch(() => '');
    const generated = await apiTypesSource();
    expect(committed, 'web/src/api/schema.d.ts differs from the OpenAPI document: run `npm run api:types` and commit the file').toBe(generated);
  });
});
