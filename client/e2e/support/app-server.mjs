// Serves the exported web app (client/dist) and forwards the server's paths (API, WebSocket,
// avatars, sign-in callbacks) to a Parley server: for end-to-end runs against a server jar that
// was built without the client. Usage: node app-server.mjs <port> <parley base URL> [dist dir]
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORWARDED = ['/api/', '/ws', '/media/', '/v3/', '/actuator', '/swagger-ui', '/oauth2/', '/login/'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.ttf': 'font/ttf', '.map': 'application/json' };

export function startAppServer({ port = 0, target, dist }) {
  const upstream = new URL(target);
  const root = resolve(dist);
  const forwarded = (path) => FORWARDED.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p));

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (forwarded(path)) {
      const proxied = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
        headers: { ...req.headers, host: req.headers.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      proxied.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(proxied);
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) file = join(root, 'index.html');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      file = join(root, 'index.html');
    }
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });

  server.on('upgrade', (req, socket, head) => {
    const up = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`), '', ''];
      up.write(lines.join('\r\n'));
      if (head?.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const end = () => { up.destroy(); socket.destroy(); };
    up.on('error', end);
    socket.on('error', end);
  });

  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [port, target, dist] = process.argv.slice(2);
  const here = fileURLToPath(new URL('.', import.meta.url));
  startAppServer({ port: Number(port), target, dist: dist ?? join(here, '..', '..', 'dist') }).then((s) => {
    console.log(`Parley app on http://127.0.0.1:${s.address().port} -> ${target}`);
  });
}
