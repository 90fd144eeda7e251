// A minimal test harness: one line per case ("ok - name" / "not ok - name: reason"),
// details indented below a failure, and one closing line "N passed, M failed".

const results = [];

function oneLine(text) {
  return String(text).replace(/\s+/g, ' ').trim();
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
    const reason = err instanceof Error ? err.message : String(err);
    const first = oneLine(reason.split('\n')[0]).slice(0, 400);
    console.log(`not ok - ${name}: ${first}`);
    const details = err instanceof CaseFailure ? err.details : (err?.stack || '').split('\n').slice(1, 4);
    for (const d of details || []) console.log(`    ${d}`);
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
