/**
 * The folder graph of server/src, for the "no import cycle between modules" check (issue 11).
 *
 * File-level tools (madge) see no cycle because no FILE imports itself back; the cycles that
 * matter are between capabilities, so every file is mapped to its folder first:
 *   src/modules/<name>/**  → "<name>"
 *   src/<dir>/**           → "<dir>/"   (lib/, db/, cli/)
 *   src/<file>.ts          → "<file>.ts" (app.ts, main.ts, errors.ts … each its own node)
 * Every relative import counts: `import`, `import type`, `export … from`, `import '…'` and
 * `import('…')` with a literal (read with TypeScript's own pre-processor, not a regex). Imports
 * leaving src/ (server/test harnesses, ../shared) are not nodes.
 *
 * Test files (*.test.ts) are not sources of edges: nothing imports a test, so a test cannot close
 * a real loop, and an integration test legitimately drives its module through the entry points
 * above it (the importer loads the days attribution is tested on, a startup test builds the app,
 * the org CLI test runs the crm command). Counting them would measure where tests sit, not how the
 * modules depend on each other. Every other file counts, fixtures and type-only imports included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type FolderGraph = Map<string, Set<string>>;

/** The node a file under `srcRoot` belongs to, or null when it lies outside src/. */
export function folderOf(srcRoot: string, file: string): string | null {
  const parts = relative(srcRoot, file).split(sep);
  if (parts[0] === '..' || parts.length === 0) return null;
  if (parts[0] === 'modules') return parts.length > 2 ? parts[1]! : null;
  return parts.length > 1 ? `${parts[0]}/` : parts[0]!;
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative specifier a source text imports or re-exports (type-only and dynamic too). */
export function relativeImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'));
}

export const isTestFile = (file: string): boolean => file.endsWith('.test.ts');

/** Edges between different folders; an import inside one folder is not an edge. */
export function folderGraph(srcRoot: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of tsFilesUnder(srcRoot)) {
    const from = folderOf(srcRoot, file);
    if (from === null || isTestFile(file)) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(srcRoot, resolve(dirname(file), specifier));
      if (to !== null && to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/**
 * Every elementary cycle, each once, written from its alphabetically first node and closed by
 * repeating it: ["access", "audit", "auth", "access"]. Sorted for a stable failure message.
 */
export function findCycles(graph: FolderGraph): string[][] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((to) => [...to])])].sort();
  const cycles: string[][] = [];
  for (const start of nodes) {
    // Only nodes after `start` may appear inside its cycles, so each cycle is found from its first node.
    const walk = (node: string, path: string[]): void => {
      for (const next of [...(graph.get(node) ?? [])].sort()) {
        if (next === start) cycles.push([...path, start]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return cycles;
}

export function describeCycle(cycle: string[]): string {
  return cycle.join(' → ');
}
