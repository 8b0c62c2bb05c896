package dev.tracklayer.ingest.dedup;

import dev.tracklayer.core.identity.Sha256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * The index of one gateway replica (not shared across replicas), in arrays allocated once: no
 * object per entry. Every accepted event_id stays for the whole window, so as objects (a Caffeine
 * map until the seventh session) each entry was copied by the young collections and found again by
 * their old-to-young card scans, which were most of a young pause (docs/ingest.md).
 *
 * <p>An entry is the first 128 bits of its key's SHA-256 (two of even 2^28 entries collide with a
 * probability below 10^-21) and its time. Entries take the slots of a ring in arrival order, so a
 * full index overwrites its oldest entry; an open-addressing table (linear probing, at most half
 * full) finds a key's slot. 24 bytes per entry plus 8-16 for the table: ~32 at the default bound.
 */
public class InMemoryDedupIndex implements DedupIndex {
  private static final Mono<Reservation> RESERVED = Mono.just(Reservation.RESERVED);
  private static final Mono<Reservation> TAKEN = Mono.just(Reservation.TAKEN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long EMPTY = Long.MIN_VALUE;

  private final long windowMillis;
  private final LongSupplier millis;
  private final int capacity;
  private final long[] high;
  private final long[] low;
  private final long[] reservedAt; // EMPTY: the slot holds no entry
  private final int[] table; // ring slot + 1; 0 is a free table cell
  private final int mask;
  private int next; // the ring slot the next entry takes
  private long forgottenUpTo = EMPTY; // the time of the last entry given up to make room

  public InMemoryDedupIndex(Duration window, long maxEntries) {
    this(window, maxEntries, System::currentTimeMillis);
  }

  InMemoryDedupIndex(Duration window, long maxEntries, LongSupplier millis) {
    if (maxEntries < 1 || maxEntries > 1 << 28) {
      throw new IllegalArgumentException("max-entries must be between 1 and 2^28: " + maxEntries);
    }
    this.windowMillis = window.toMillis();
    this.millis = millis;
    this.capacity = (int) maxEntries;
    this.high = new long[capacity];
    this.low = new long[capacity];
    this.reservedAt = new long[capacity];
    Arrays.fill(reservedAt, EMPTY);
    this.table =
        new int[Integer.highestOneBit(2 * capacity - 1) << 1]; // a power of 2 >= 2 x capacity
    this.mask = table.length - 1;
  }

  @Override
  public Mono<Reservation> reserve(String key) {
    byte[] digest = Sha256.digest(key); // outside the lock
    long h = (long) LONGS.get(digest, 0);
    long l = (long) LONGS.get(digest, 8);
    long now = millis.getAsLong();
    synchronized (this) {
      int cell = find(h, l);
      if (cell >= 0) {
        if (now - reservedAt[table[cell] - 1] < windowMillis) {
          return TAKEN;
        }
        remove(cell); // expired: it starts over as the newest entry
      }
      insert(h, l, now);
      return RESERVED;
    }
  }

  @Override
  public void release(String key) {
    byte[] digest = Sha256.digest(key);
    long h = (long) LONGS.get(digest, 0);
    long l = (long) LONGS.get(digest, 8);
    synchronized (this) {
      int cell = find(h, l);
      if (cell >= 0) {
        remove(cell);
      }
    }
  }

  /**
   * How far back the index remembers, in seconds: the whole window until it has given up an entry
   * early, then the time since the last entry it gave up. Below the window a late copy gets 202
   * (the pipeline still drops it): raise max-entries or share the index through Redis.
   */
  public synchronized double memorySeconds() {
    long memory = forgottenUpTo == EMPTY ? windowMillis : millis.getAsLong() - forgottenUpTo;
    return Math.min(memory, windowMillis) / 1000.0;
  }

  /** The table cell of the entry with this fingerprint, or -1. */
  private int find(long h, long l) {
    for (int cell = home(h); table[cell] != 0; cell = (cell + 1) & mask) {
      int slot = table[cell] - 1;
      if (high[slot] == h && low[slot] == l) {
        return cell;
      }
    }
    return -1;
  }

  private void insert(long h, long l, long now) {
    int slot = next;
    next = next + 1 == capacity ? 0 : next + 1;
    if (reservedAt[slot] != EMPTY) { // the oldest entry makes room
      forgottenUpTo = reservedAt[slot];
      remove(find(high[slot], low[slot]));
    }
    high[slot] = h;
    low[slot] = l;
    reservedAt[slot] = now;
    int cell = home(h);
    while (table[cell] != 0) {
      cell = (cell + 1) & mask;
    }
    table[cell] = slot + 1;
  }

  /**
   * Frees a cell without breaking any other entry's probe run: later entries of the run move back
   * into the gap when the gap lies between their home cell and where they are (Knuth's algorithm
   * R), so no tombstones accumulate.
   */
  private void remove(int cell) {
    reservedAt[table[cell] - 1] = EMPTY;
    int gap = cell;
    for (int at = (gap + 1) & mask; table[at] != 0; at = (at + 1) & mask) {
      int home = home(high[table[at] - 1]);
      if (((at - home) & mask) >= ((at - gap) & mask)) {
        table[gap] = table[at];
        gap = at;
      }
    }
    table[gap] = 0;
  }

  private int home(long h) {
    return (int) h & mask; // SHA-256 bits are uniform already
  }
}
