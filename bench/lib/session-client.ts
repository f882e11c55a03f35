// A client in a process of its own, for its footprint:
//   node bench/lib/session-client.ts <sdk|bare|idle> <url> <sessions> <requests per session>
// runs that many sessions (idle: none, for bare Node's own) and prints one JSON line: peak RSS in MiB, the
// process's CPU time per request (user + system, from the first session's start) and each session's milliseconds.
const [kind, url, sessions, perSession] = process.argv.slice(2);
const run = kind === 'sdk' ? (await import('./sdk-session.ts')).sdkSession
  : kind === 'bare' ? (await import('./bare-session.ts')).bareSession
    : undefined;
const sessionMs: number[] = [];
const cpuBefore = process.cpuUsage();
for (let i = 0; run && i < Number(sessions); i++) {
  const started = performance.now();
  await run(url!);
  sessionMs.push(performance.now() - started);
}
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({
  peakMiB: process.resourceUsage().maxRSS / 1024,
  cpuMicrosPerRequest: run ? (cpu.user + cpu.system) / (Number(sessions) * Number(perSession)) : 0,
  sessionMs,
})}\n`);
