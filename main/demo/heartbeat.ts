// The tracer's writer heartbeat (writer_status): queue depth as a random walk that now and then
// spikes past 40 (DELAYED), and rare short CIRCUIT_OPEN episodes where the tracer gives up writing.

import type { Rng } from './rng.ts';

export type WriterState = 'OK' | 'DELAYED' | 'CIRCUIT_OPEN';

export interface Heartbeat {
  queueDepth: number;
  status: WriterState;
}

export class HeartbeatModel {
  private readonly r: Rng;
  private depth = 4;
  private openLeft = 0;

  constructor(rng: Rng) {
    this.r = rng;
  }

  next(): Heartbeat {
    const r = this.r;
    if (this.openLeft > 0) {
      this.openLeft--;
      // Closing the circuit drops what was queued.
      if (this.openLeft === 0) this.depth = r.int(0, 5);
      return { queueDepth: 50, status: 'CIRCUIT_OPEN' };
    }
    if (r.chance(0.002)) {
      this.openLeft = r.int(2, 8);
      return { queueDepth: 50, status: 'CIRCUIT_OPEN' };
    }
    const pull = this.depth < 6 ? 1 : this.depth > 25 ? -2 : 0;
    const burst = r.chance(0.01) ? r.int(15, 35) : 0;
    this.depth = Math.max(0, Math.min(50, this.depth + Math.round(r.normal() * 2) + pull + burst));
    return { queueDepth: this.depth, status: this.depth > 40 ? 'DELAYED' : 'OK' };
  }
}
