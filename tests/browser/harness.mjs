// A minimal test harness: one line per case ("ok - name" / "not ok - name: reason"),
// details indented below a failure, and one closing line "N passed, M failed".

const results = [];
let stopped = false;

/** After an interrupt or time-out: cases not yet run are neither run nor counted. */
export function stopAll() {
  stopped = true;
}

const ANSI = /\x1b\[[0-9;]*m/g;

function oneLine(text) {
  return String(text).replace(ANSI, '').replace(/\s+/g, ' ').trim();
}

/** A failure whose `details` lines are printed below the "not ok" line. */
export class CaseFailure extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details;
  }
}

export function assert(condition, message, details) {
  if (!condition) throw new CaseFailure(message, details);
}

/** Run one case; never throws. Returns true when it passed. */
export async function test(name, fn, { timeoutMs = 30000 } = {}) {
  if (stopped) return false;
  const started = Date.now();
  let timer;
  try {
    const extra = await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const suffix = typeof extra === 'string' && extra ? ` (${extra})` : '';
    console.log(`ok - ${name}${suffix}`);
    results.push({ name, ok: true, ms: Date.now() - started });
    return true;
  } catch (err) {
    if (stopped) return false;
    const reason = (err instanceof Error ? err.message : String(err)).replace(ANSI, '');
    const [head, ...rest] = reason.split('\n');
    const first = oneLine(head).slice(0, 400);
    console.log(`not ok - ${name}: ${first}`);
    const details =
      err instanceof CaseFailure
        ? err.details
        : [
            ...rest.map((l) => l.trimEnd()).filter((l) => l.trim()).slice(0, 12),
            ...(err?.stack || '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 1).map((l) => l.trim()),
          ];
    for (const d of details || []) console.log(`    ${String(d).replace(ANSI, '')}`);
    results.push({ name, ok: false, ms: Date.now() - started, reason: first });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Record a case that could not run (e.g. setup failed). */
export function fail(name, reason) {
  console.log(`not ok - ${name}: ${oneLine(reason)}`);
  results.push({ name, ok: false, ms: 0, reason });
}

export function summary() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  return { passed, failed, results };
}
