// Record events (docs/protocol.md §3.2, §6.2): the hash that chains each event to the previous.

import { canonicalBytes } from './cjson.js';
import { bytesToHex } from './group.js';
import { D32 } from './hash.js';

/** event_hash(e) = hex(D32("event", canonical({payload, prev, seq, type}))). */
export function eventHash(event) {
  const { payload, prev, seq, type } = event;
  return bytesToHex(D32('event', canonicalBytes({ payload, prev, seq, type })));
}
