// The balancer's view of its backends: the addresses DNS gives for one name, whether each
// answered its readiness check, and how many connections each carries. A new connection goes to
// a ready backend with the fewest open connections; ties are broken in turn, so an idle pool is
// used round robin.

export interface BackendState {
  address: string;
  ready: boolean;
  open: number;
}

export interface AddressChange {
  added: string[];
  removed: string[];
}

export class BackendPool {
  private readonly backends = new Map<string, BackendState>();
  /** addresses that left DNS while connections to them were open: counted until those close */
  private readonly leaving = new Map<string, BackendState>();
  private turn = 0;

  /** Takes the current DNS answer: a new address starts not ready (it is used once a check
   *  passes), one that is gone gets no new connections. */
  setAddresses(addresses: readonly string[]): AddressChange {
    const next = new Set(addresses);
    const added = [...next].filter((a) => !this.backends.has(a));
    const removed = [...this.backends.keys()].filter((a) => !next.has(a));
    for (const address of removed) {
      const state = this.backends.get(address) as BackendState;
      this.backends.delete(address);
      if (state.open > 0) this.leaving.set(address, { ...state, ready: false });
    }
    for (const address of added) {
      const returning = this.leaving.get(address);
      this.leaving.delete(address);
      this.backends.set(address, { address, ready: false, open: returning?.open ?? 0 });
    }
    return { added, removed };
  }

  addresses(): string[] {
    return [...this.backends.keys()];
  }

  /** Records a readiness result; true when it changed the backend's state. */
  setReady(address: string, ready: boolean): boolean {
    const state = this.backends.get(address);
    if (!state || state.ready === ready) return false;
    state.ready = ready;
    return true;
  }

  /** Ready backends in the order a new connection should try them. */
  candidates(): string[] {
    const ready = [...this.backends.values()].filter((b) => b.ready);
    if (ready.length === 0) return [];
    const start = this.turn % ready.length;
    this.turn += 1;
    const rotated = [...ready.slice(start), ...ready.slice(0, start)];
    // Array.prototype.sort is stable: among equal counts the rotation decides.
    return rotated.sort((a, b) => a.open - b.open).map((b) => b.address);
  }

  opened(address: string): void {
    const state = this.backends.get(address) ?? this.leaving.get(address);
    if (state) state.open += 1;
  }

  closed(address: string): void {
    const state = this.backends.get(address) ?? this.leaving.get(address);
    if (!state) return;
    state.open = Math.max(0, state.open - 1);
    if (state.open === 0) this.leaving.delete(address);
  }

  snapshot(): BackendState[] {
    return [...this.backends.values()].map((b) => ({ ...b }));
  }
}
