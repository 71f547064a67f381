import pg from 'pg';

/**
 * What the pg connections of this process sent, as round trips: a flight is every message a connection wrote
 * while it awaited no reply, up to its next wait. A statement sent and awaited before the next is its own
 * flight; statements written behind one another without waiting (pipelined) share one.
 */
export interface Flight {
  connection: object;
  /** `Q <text>` for a simple query, `B <text>` for a prepared statement's execution. */
  messages: string[];
}

interface ConnectionInternals {
  parsedStatements: Record<string, string>;
  submittedNamedStatements?: Record<string, string>;
  query: (this: ConnectionInternals, text: string) => void;
  parse: (this: ConnectionInternals, config: { text: string; name?: string }) => void;
  bind: (this: ConnectionInternals, config: { statement?: string }) => void;
  sync: (this: ConnectionInternals) => void;
  emit: (this: ConnectionInternals, event: string | symbol, ...args: unknown[]) => boolean;
}

export function recordFlights(): { flights: Flight[]; stop: () => void } {
  const proto = (pg as unknown as { Connection: { prototype: ConnectionInternals } }).Connection.prototype;
  const original = { query: proto.query, parse: proto.parse, bind: proto.bind, sync: proto.sync, emit: proto.emit };
  // awaiting: replies still to come (one per simple query or Sync); open: extended messages written before their Sync.
  const state = new WeakMap<object, { awaiting: number; open: boolean; flight?: Flight; unnamed?: string }>();
  const flights: Flight[] = [];
  const of = (connection: object) => {
    let s = state.get(connection);
    if (!s) state.set(connection, (s = { awaiting: 0, open: false }));
    return s;
  };
  const note = (connection: object, message: string | null, awaitsReply: boolean) => {
    const s = of(connection);
    if ((s.awaiting === 0 && !s.open) || !s.flight) flights.push((s.flight = { connection, messages: [] }));
    if (message !== null) s.flight.messages.push(message);
    s.open = !awaitsReply;
    if (awaitsReply) s.awaiting += 1;
  };
  proto.query = function (this: ConnectionInternals, text: string) {
    note(this, `Q ${text.replace(/\s+/g, ' ').trim()}`, true);
    original.query.call(this, text);
  };
  proto.parse = function (this: ConnectionInternals, config) {
    if (!config.name) of(this).unnamed = config.text;
    original.parse.call(this, config);
  };
  proto.bind = function (this: ConnectionInternals, config) {
    const name = config.statement ?? '';
    const text = name ? (this.parsedStatements[name] ?? this.submittedNamedStatements?.[name] ?? name) : (of(this).unnamed ?? '');
    note(this, `B ${text.replace(/\s+/g, ' ').trim()}`, false);
    original.bind.call(this, config);
  };
  proto.sync = function (this: ConnectionInternals) {
    note(this, null, true);
    original.sync.call(this);
  };
  proto.emit = function (this: ConnectionInternals, event: string | symbol, ...args: unknown[]) {
    if (event === 'readyForQuery') of(this).awaiting = Math.max(0, of(this).awaiting - 1);
    return original.emit.call(this, event, ...args);
  };
  return {
    flights,
    stop: () => Object.assign(proto, original),
  };
}
