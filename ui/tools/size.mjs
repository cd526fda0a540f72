// size.mjs prints what a browser downloads to open the app, gzip-compressed:
// index.html, its script and stylesheet, and the chunks (with their CSS)
// of the first screen (the board) and of the heaviest screen. Run by
// scripts/build-ui after each build.
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';

const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join('dist', f)), { level: 9 }).length;
const html = fs.readFileSync('dist/index.html', 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
const assets = fs.readdirSync('dist/assets');

// closure follows the static imports of a JS chunk, and adds each chunk's CSS file.
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (!file.endsWith('.js')) return seen;
  const src = fs.readFileSync(path.join('dist', file), 'utf8');
  for (const m of src.matchAll(/(?:^|[;}\s])import\s*(?:[\w{},\s*$]+from\s*)?["']\.\/([^"']+)["']/g)) closure('assets/' + m[1], seen);
  const css = 'assets/' + path.basename(file).replace(/\.js$/, '.css');
  if (fs.existsSync(path.join('dist', css))) seen.add(css);
  return seen;
}

const base = new Set(['index.html']);
for (const f of entry) closure(f, base);
const sum = (set) => [...set].reduce((n, f) => n + gz(f), 0);
const screen = (name) => {
  const js = assets.find((a) => a.startsWith(name + '-') && a.endsWith('.js'));
  const set = new Set(base);
  closure('assets/' + js, set);
  return sum(set);
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const screens = ['Board', 'Counter', 'Order', 'Settings'].map((s) => `${s} ${kb(screen(s))}`).join(', ');
console.log(`ui: first load (gzip): app ${kb(sum(base))}; with the screen: ${screens}`);
