import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * docs/ARCHITECTURE.md: `core/` imports nothing but zod — no tfjs, no `node:*`, no DOM — so it runs in
 * Node, the browser and any framework. This test parses every non-test file under src/core
 * (TypeScript's parser, no type checking, so it stays fast) and lists each violation.
 */
const CORE = fileURLToPath(new URL('.', import.meta.url));
const DOM_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'fetch']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));

/** Why `specifier` may not be imported from core, or null if it may. */
function forbiddenImport(specifier: string): string | null {
  if (specifier.startsWith('@tensorflow/')) return 'TensorFlow.js belongs in src/engine';
  if (specifier.startsWith('node:')) return 'Node built-ins are not available in the browser';
  if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0])) return 'Node built-in';
  return null;
}

/** Every import, re-export, dynamic import() and require() target, and every DOM global used in `source`. */
export function violations(source: string, file = 'file.ts'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const declared = new Set<string>();
  const used: ts.Identifier[] = [];
  const check = (spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec)) {
      const why = forbiddenImport(spec.text);
      if (why) out.push(`imports '${spec.text}' (${why})`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) check(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) check(node.moduleReference.expression);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) check(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) check(node.argument.literal as ts.Expression);
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node)
        || (ts.isPropertyAssignment(parent) && parent.name === node)
        || ((ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node);
      const isDeclaration = (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)
        || ts.isBindingElement(parent) || ts.isImportSpecifier(parent)) && (parent as { name?: ts.Node }).name === node;
      if (isDeclaration) declared.add(node.text);
      else if (!isName) used.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const id of used) {
    // A file that declares its own `window` (a smoothing window, say) is not using the DOM's.
    if (!declared.has(id.text)) out.push(`uses the DOM global '${id.text}' (line ${sf.getLineAndCharacterOfPosition(id.getStart()).line + 1})`);
  }
  return out;
}

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return coreFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !/\.test\.[mc]?[tj]s$/.test(e.name) ? [path] : [];
  });
}

describe('src/core stays pure TypeScript', () => {
  it('the checker catches each kind of violation and ignores look-alikes', () => {
    expect(violations("import * as tf from '@tensorflow/tfjs-core';")).toHaveLength(1);
    expect(violations("import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violations("import fs from 'fs'; export * from 'path/posix';")).toHaveLength(2);
    expect(violations("const m = await import('node:crypto'); const c = require('child_process');")).toHaveLength(2);
    expect(violations("type T = import('node:fs').Stats;")).toHaveLength(1);
    expect(violations('const w = window.innerWidth; fetch("/x"); localStorage.clear(); navigator.gpu; document.title;')).toHaveLength(5);
    expect(violations("import * as z from 'zod'; import { x } from './x.js'; const o = { window: 3 }; o.window; opts.fetch();")).toEqual([]);
    expect(violations('function f(window: number) { return window + 1; }')).toEqual([]);
  });

  it('no non-test file under src/core imports tfjs or Node built-ins or uses DOM globals', () => {
    const files = coreFiles(CORE);
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((f) => violations(readFileSync(f, 'utf8'), f).map((v) => `${relative(CORE, f)}: ${v}`));
    expect(problems).toEqual([]);
  });
});
