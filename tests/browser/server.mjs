// Starts `sachstand serve --demo` on a free loopback port with a fresh database
// and stops it again. Used by run.mjs.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it right away). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Start the server. Resolves to { baseUrl, stop(), log() } once GET /healthz answers 200.
 * `dir` is a temp directory owned by the caller; the database and the log go there.
 */
// `args(port)`: more `serve` flags (issue 14: the SSO settings need the port for --public-url);
// `demo: false` starts with an empty database.
export async function startServer({ bin, dir, timeoutMs = 30000, args = () => [], demo = true }) {
  if (!fs.existsSync(bin)) {
    throw new Error(`server binary not found: ${bin} (run cargo build or set SACHSTAND_BIN)`);
  }
  let lastError = null;
  // The port is free when we pick it but could be taken before the server binds: retry.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const db = path.join(dir, `sachstand-${attempt}.db`);
    const logFile = path.join(dir, `server-${attempt}.log`);
    const out = fs.openSync(logFile, 'w');
    const child = spawn(
      bin,
      ['serve', '--db', db, '--addr', `127.0.0.1:${port}`, ...(demo ? ['--demo'] : []), ...args(port)],
      {
        stdio: ['ignore', out, out],
        env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
      },
    );
    fs.closeSync(out);
    let exited = null;
    child.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    const log = () => {
      try {
        return fs.readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    };
    const stop = async () => {
      if (exited) return;
      child.kill('SIGINT'); // graceful shutdown (the server listens for ctrl-c)
      for (let i = 0; i < 30 && !exited; i++) await sleep(100);
      if (!exited) {
        child.kill('SIGKILL');
        for (let i = 0; i < 20 && !exited; i++) await sleep(100);
      }
    };
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    let up = false;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) {
          up = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    if (up) return { baseUrl, stop, log, pid: child.pid };
    await stop();
    const text = log();
    lastError = new Error(
      `server did not become healthy (${exited ? `exited ${JSON.stringify(exited)}` : 'timeout'}); log:\n${text.slice(-3000)}`,
    );
    if (!/nicht verfügbar|cannot bind|in use/i.test(text)) break; // only a port clash is worth a retry
  }
  throw lastError;
}
