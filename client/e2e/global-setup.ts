import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const clientDir = resolve(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

async function waitFor(url: string, timeoutMs: number, process?: ChildProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (process && process.exitCode !== null) throw new Error(`The server exited with ${process.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function servesApp(base: string): Promise<boolean> {
  try {
    const html = await (await fetch(`${base}/`)).text();
    return html.includes('id="root"') && html.includes('/_expo/');
  } catch {
    return false;
  }
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The web export is missing or older than the app's source. */
function distIsStale(): boolean {
  const index = join(clientDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  return newestChange(join(clientDir, 'src')) > statSync(index).mtimeMs;
}

function javaBinary(): string {
  const home = process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java')) ? process.env.JAVA_HOME : '/usr/lib/jvm/temurin-25-jdk-amd64';
  return join(home, 'bin', 'java');
}

/**
 * Starts no.nav.security:mock-oauth2-server (the local OpenID Connect provider standing in for
 * Google) from the classpath Maven wrote to a file; answers its issuer.
 */
async function startOidcStandIn(classpathFile: string, cleanups: (() => void)[]): Promise<string> {
  const port = await freePort();
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  const child = spawn(javaBinary(), ['-cp', classpath, 'no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt'],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SERVER_PORT: String(port) } });
  cleanups.push(() => { child.kill('SIGTERM'); });
  const issuer = `http://localhost:${port}/google`;
  await waitFor(`${issuer}/.well-known/openid-configuration`, 60_000, child);
  return issuer;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const cleanups: (() => void)[] = [];
  let server = process.env.PARLEY_URL?.replace(/\/+$/, '');
  const appPort = await freePort();
  const proxyUrl = `http://127.0.0.1:${appPort}`;

  if (!server) {
    const jar = resolve(clientDir, process.env.PARLEY_JAR ?? '../server/target/parley-server.jar');
    if (!existsSync(jar)) throw new Error(`No server: set PARLEY_URL, or PARLEY_JAR to a built server jar (looked for ${jar})`);
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
    // A jar built by Maven serves the app itself; otherwise the browser goes through the local app server.
    const publicUrl = process.env.PARLEY_APP_IN_JAR === '1' ? `http://127.0.0.1:${port}` : proxyUrl;
    const args = ['-jar', jar, `--server.port=${port}`, `--parley.data-dir=${dataDir}`, `--parley.auth.public-url=${publicUrl}`,
      // Every test signs people up from this one address.
      '--parley.rate-limits.sign-up-ip.permits=10000', '--parley.rate-limits.sign-in-ip.permits=10000'];
    if (process.env.PARLEY_OIDC_CLASSPATH) {
      const issuer = await startOidcStandIn(process.env.PARLEY_OIDC_CLASSPATH, cleanups);
      args.push('--parley.auth.google.enabled=true', `--parley.auth.google.issuer-uri=${issuer}`,
        '--parley.auth.google.client-id=parley-e2e', '--parley.auth.google.client-secret=e2e-secret');
    }
    const child = spawn(javaBinary(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
    cleanups.push(() => { child.kill('SIGTERM'); });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    server = `http://127.0.0.1:${port}`;
    await waitFor(`${server}/actuator/health`, 120_000, child);
  }

  let app = server;
  if (!(await servesApp(server))) {
    if (distIsStale()) {
      const built = spawnSync('npm', ['run', 'export:web'], { cwd: clientDir, stdio: 'inherit' });
      if (built.status !== 0) throw new Error('npm run export:web failed');
    }
    const { startAppServer } = await import('./support/app-server.mjs');
    const proxy = await startAppServer({ port: appPort, target: server, dist: join(clientDir, 'dist') });
    cleanups.push(() => proxy.close());
    app = proxyUrl;
  }
  process.env.PARLEY_APP_URL = app;
  process.env.PARLEY_SERVER_URL = server;

  return async () => {
    for (const c of cleanups.reverse()) {
      try {
        c();
      } catch {
        // best effort
      }
    }
  };
}
