// `npm run package`: a VSIX of what runs, under 2 MB. Builds the production bundles (minified,
// without the test hooks) and the formula images, then `vsce package --no-dependencies` (the
// bundles carry their dependencies) with the allow-list in .vscodeignore, prints the VSIX's size,
// and builds dist/ again as the tests and `npm start` use it (with the test hooks).
//
// The README inside the VSIX: VS Code shows an installed extension's README from its folder, so
// relative image paths resolve inside the package. vsce would rewrite them to a repository URL
// (there is none to give), so it runs with --no-rewrite-relative-links, and the packaged README is
// a copy whose images all point into the package (docs/screenshots/X -> the copy in
// media/screenshots/ when there is one, else left out) and whose links to repository files, not
// in the package, are plain text.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outDir = join(root, 'out', 'vsix');
const vsix = join(outDir, `${pkg.name}-${pkg.version}.vsix`);
const LIMIT = 2 * 1024 * 1024;

const isRelative = (link) => !/^[a-z][\w+.-]*:/i.test(link) && !link.startsWith('#');

/** The README for the VSIX (see above). */
export function packagedReadme(text, exists = (p) => existsSync(join(root, p))) {
  const inPackage = (src) => {
    if (!isRelative(src)) return src;
    const p = src.replace(/^\.\//, '');
    if (p.startsWith('media/') && exists(p)) return p;
    const copy = p.replace(/^docs\/screenshots\//, 'media/screenshots/');
    return copy !== p && exists(copy) ? copy : undefined;
  };
  return text
    .replace(/<img\s+([^>]*?)src="([^"]+)"([^>]*)>/g, (m, a, src, b) => {
      const s = inPackage(src);
      return s === undefined ? '' : `<img ${a}src="${s}"${b}>`;
    })
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (m, alt, src) => {
      const s = inPackage(src);
      return s === undefined ? '' : isRelative(s) ? `<img src="${s}" alt="${alt.replace(/"/g, '&quot;')}">` : m;
    })
    .replace(/(?<!!)\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label, link) => (isRelative(link) ? label : m));
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(process.execPath, ['scripts/build.mjs', '--production']);
  try {
    mkdirSync(outDir, { recursive: true });
    const readme = join(outDir, 'README.md');
    writeFileSync(readme, packagedReadme(readFileSync(join(root, 'README.md'), 'utf8')));
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    run(process.execPath, [
      vsce,
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--readme-path',
      'out/vsix/README.md',
      '--out',
      vsix,
    ]);
  } finally {
    run(process.execPath, ['scripts/build.mjs']);
  }
  const size = statSync(vsix).size;
  console.log(
    `\n${vsix}: ${(size / 1024).toFixed(0)} KB (${((size / LIMIT) * 100).toFixed(0)}% of the 2 MB budget)${size > LIMIT ? ' OVER BUDGET' : ''}`,
  );
  if (size > LIMIT) process.exitCode = 1;
}
