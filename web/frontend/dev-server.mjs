// Serves the built console and proxies /api and /q to a running platform, for working on the console
// without rebuilding the api jar:  RECFLOW_URL=http://localhost:8099 PORT=5173 node dev-server.mjs
import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main', 'resources', 'META-INF', 'resources');
const target = new URL(process.env.RECFLOW_URL || 'http://localhost:8080');
const port = Number(process.env.PORT || 5173);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

http.createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url.startsWith('/q/')) {
    const up = http.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
    up.on('error', (e) => { res.writeHead(502, { 'Content-Type': 'text/plain' }); res.end(`proxy: ${e.message}`); });
    req.pipe(up);
    return;
  }
  const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, path);
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`console on http://127.0.0.1:${port}/ -> API ${target.href}`));
