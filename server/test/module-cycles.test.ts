/**
 * No import cycle between the folders of server/src/modules (issue 11): a cycle such as
 * access → audit → auth → access means no folder can be understood, tested or moved without the
 * others. See module-graph.ts for what counts as an edge and why tests do not.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles, folderGraph, folderOf, relativeImports, type FolderGraph } from './module-graph.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

const graphOf = (edges: Record<string, string[]>): FolderGraph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe('the cycle finder', () => {
  it('names every elementary cycle once, from its alphabetically first folder', () => {
    // a ⇄ b, a → b → c → a, c ⇄ d; e is on no cycle. Starting at a: a→b→a, a→b→c→a (a→b→c→d only
    // comes back through c, already on the path). Starting at b: only nodes after b may be used, and
    // b→c→d never returns to b. Starting at c: c→d→c. Starting at d: its one edge goes back to c < d.
    const graph = graphOf({ a: ['b'], b: ['a', 'c'], c: ['a', 'd'], d: ['c'], e: ['a'] });
    expect(findCycles(graph).map(describeCycle)).toEqual(['a → b → a', 'a → b → c → a', 'c → d → c']);
  });

  it('finds none in a graph without a cycle, and ignores edges to unknown nodes', () => {
    expect(findCycles(graphOf({ a: ['b', 'c'], b: ['c', 'x'], c: [] }))).toEqual([]);
  });
});

describe('the folder graph', () => {
  it('maps a file to its module folder, a top-level folder or file of src/, or nothing outside src/', () => {
    expect(folderOf('/s/src', '/s/src/modules/auth/auth.rules.ts')).toBe('auth');
    expect(folderOf('/s/src', '/s/src/modules/workflows/operations/appointments.ts')).toBe('workflows');
    expect(folderOf('/s/src', '/s/src/lib/sql.ts')).toBe('lib/');
    expect(folderOf('/s/src', '/s/src/app.ts')).toBe('app.ts');
    expect(folderOf('/s/src', '/s/test/harness.ts')).toBeNull();
    expect(folderOf('/s/src', '/shared/identity.ts')).toBeNull();
  });

  it('reads static, type-only, re-exported, side-effect and literal dynamic imports, relative ones only', () => {
    const source = [
      "import type { Role } from '../auth/auth.rules.js';",
      "import { z } from 'zod';",
      "export { writeAudit } from '../audit/audit.service.js';",
      "import './registers.js';",
      "const seed = await import('../demo/seed.js');",
      "const name = 'x'; await import(name);",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['../auth/auth.rules.js', '../audit/audit.service.js', './registers.js', '../demo/seed.js']);
  });
});

describe('server/src/modules', () => {
  it('has no import cycle between its folders (lib/, db/, cli/ and the files of src/ are nodes too)', () => {
    const graph = folderGraph(SRC);
    expect(graph.get('staff')).toContain('workflows'); // the graph is read: a known edge is there
    expect(findCycles(graph).map(describeCycle)).toEqual([]);
  });
});
