// The JS API's surface as wasm/recur.d.mts declares it, read with TypeScript's own parser: each
// export with its signature as the reference in docs/api.md writes it (`Name`, `name(a, b?)`),
// its members in declaration order (`name`, `name?`, `name(a, b?)`), and a type alias's text.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const params = (node) =>
  `(${node.parameters.map((p) => `${p.name.getText()}${p.questionToken ? '?' : ''}`).join(', ')})`;

function member(node) {
  const name = node.name.getText();
  if (ts.isMethodSignature(node) || ts.isMethodDeclaration(node)) return `${name}${params(node)}`;
  return `${name}${node.questionToken ? '?' : ''}`;
}

/** [{ name, signature, kind, members: string[], type? }] in the order declared. */
export function apiSurface(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const exported = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const surface = [];
  for (const node of source.statements) {
    if (!exported(node)) continue;
    const name = node.name.getText();
    if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node))
      surface.push({
        name,
        signature: name,
        kind: 'interface',
        // An overloaded method (createTrainer's three signatures) is one member.
        members: node.members.map(member).filter((m, k, all) => m !== all[k - 1]),
      });
    else if (ts.isTypeAliasDeclaration(node))
      surface.push({ name, signature: name, kind: 'type', members: [], type: node.type.getText() });
    else if (ts.isFunctionDeclaration(node))
      surface.push({ name, signature: `${name}${params(node)}`, kind: 'function', members: [] });
  }
  return surface;
}
