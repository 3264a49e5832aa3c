/** CPU and memory of processes and of the machine, from /proc (Linux). */
import fs from 'node:fs';
import os from 'node:os';

const TICK = 100; // USER_HZ: clock ticks per second in /proc (getconf CLK_TCK)

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command start at field 3 (state); utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has been busy so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / TICK;
}

/** VmRSS and VmHWM (peak) of a process, in bytes, from /proc/<pid>/status. */
export function readProcMemory(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * How busy the machine was with other work while a measurement ran: CPU seconds of the whole
 * machine minus those of our own processes (this one and `pids`), as a share of all cores.
 * Others share this machine; a high share means the figures of that run are depressed.
 */
export function loadMeter(pids: () => number[]) {
  const ours = () => {
    const self = process.cpuUsage();
    return pids().reduce((a, p) => a + (cpuSeconds(p) || 0), (self.user + self.system) / 1e6);
  };
  const m0 = machineBusySeconds();
  const o0 = ours();
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const busy = machineBusySeconds() - m0;
    const mine = ours() - o0;
    const cores = os.cpus().length;
    return { wallSeconds: wall, oursShare: mine / (wall * cores), othersShare: Math.max(0, busy - mine) / (wall * cores), loadavg: os.loadavg()[0]! };
  };
}
