import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

import type { Algorithm, Options } from "@node-rs/argon2";
import { hash as argon2Hash, verify as argon2Verify, parseOptions } from "@node-rs/argon2";

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * argon2id parameters: OWASP Password Storage Cheat Sheet, "Argon2id": "a minimum configuration of
 * 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism"
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
 * Measured on the project's 2-core box (2026-11-28, @node-rs/argon2 2.x): one verify takes ~10 ms
 * idle (~40 ms while other work runs), on one libuv pool thread. They are stored in every hash
 * (`$argon2id$v=19$m=19456,t=2,p=1$...`), so raising them later only makes `needsRehash` true for
 * older hashes; it never breaks them.
 */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// `Algorithm` is a const enum in the package's types, which isolated modules cannot read: 2 is
// Argon2id there.
const ARGON2_OPTIONS: Options = { ...ARGON2_PARAMS, algorithm: 2 as Algorithm };

/** Limits of the hashing queue (the API passes its settings PASSWORD_HASH_CONCURRENCY/_QUEUE_LIMIT). */
export type PasswordHashLimits = {
  /** Hashes computed at once; each holds one of libuv's 4 pool threads for its duration. */
  concurrency: number;
  /** Hashes allowed to wait for a slot; one more fails at once with `PasswordHashBusyError`. */
  queueLimit: number;
};

/** Defaults equal to the API settings' defaults (packages/api/src/services/settings/settings.ts). */
export const DEFAULT_PASSWORD_HASH_LIMITS: PasswordHashLimits = { concurrency: 1, queueLimit: 32 };

/**
 * Every hashing slot and queue place is taken: the caller answers 503 (or 429) with
 * `Retry-After: retryAfterSeconds` instead of letting requests pile up behind the hash.
 */
export class PasswordHashBusyError extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(
      `Password checks are busy: every hashing slot and queue place is taken. Try again in ${retryAfterSeconds} s.`,
    );
    this.name = "PasswordHashBusyError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A counting semaphore with a bounded wait queue, in front of every hash and verify so that a
 * flood of sign-ins cannot occupy Node's thread pool (file reads, DNS, zlib share it) nor grow an
 * unbounded backlog. Exported for tests.
 */
export class HashQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(public limits: PasswordHashLimits) {}

  /** Slots in use and callers waiting, for tests and figures. */
  stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /**
   * Runs `fn` when a slot is free.
   * @throws PasswordHashBusyError when `queueLimit` callers already wait.
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.limits.concurrency) {
      this.active++;
    } else {
      if (this.waiting.length >= this.limits.queueLimit) throw new PasswordHashBusyError(1);
      // The slot is handed over by `release`, so `active` already counts this caller.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

// One queue per process, shared by every bundle Next compiles (route handlers, actions).
const globalForHash = globalThis as unknown as { __fanfareHashQueue?: HashQueue };

/** The process's hashing queue, with its limits updated to `limits` when given. */
export function passwordHashQueue(limits?: PasswordHashLimits): HashQueue {
  const queue = (globalForHash.__fanfareHashQueue ??= new HashQueue(
    limits ?? DEFAULT_PASSWORD_HASH_LIMITS,
  ));
  if (limits) queue.limits = limits;
  return queue;
}

/**
 * Hashes a password with argon2id (`ARGON2_PARAMS`), through the bounded queue.
 * @returns a PHC string "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>".
 * @throws PasswordHashBusyError when the queue is full.
 */
export async function hashPassword(
  password: string,
  opts: { limits?: PasswordHashLimits } = {},
): Promise<string> {
  return passwordHashQueue(opts.limits).run(() =>
    argon2Hash(password.normalize("NFKC"), ARGON2_OPTIONS),
  );
}

/** The result of `checkPassword`. */
export type PasswordCheck = {
  valid: boolean;
  /**
   * True when the password was valid but the stored hash is legacy scrypt or argon2id with other
   * parameters: the caller stores `hashPassword(password)` in its place.
   */
  needsRehash: boolean;
};

let dummyHash: Promise<string> | undefined;

/**
 * A fixed argon2id hash (of a random password, computed once per process) that callers verify
 * against when the account does not exist or has no password, so that an unknown email costs the
 * same hash as a wrong password and the answer time does not reveal which accounts exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= argon2Hash(randomBytes(18).toString("base64"), ARGON2_OPTIONS);
  return dummyHash;
}

/**
 * Checks a password against a stored hash (argon2id, or legacy `scrypt$N$r$p$salt$hash`) in
 * constant time, through the bounded queue. A missing or unknown-format hash never matches, but
 * still costs one argon2id verify against `dummyPasswordHash()` (equal work for unknown emails).
 * @throws PasswordHashBusyError when the queue is full.
 */
export async function checkPassword(
  password: string,
  stored: string | null | undefined,
  opts: { limits?: PasswordHashLimits } = {},
): Promise<PasswordCheck> {
  const normalized = password.normalize("NFKC");
  const queue = passwordHashQueue(opts.limits);
  if (stored?.startsWith("$argon2")) {
    const valid = await queue.run(() => argon2Verify(stored, normalized).catch(() => false));
    return { valid, needsRehash: valid && !hasCurrentParams(stored) };
  }
  if (stored?.startsWith("scrypt$")) {
    const valid = await queue.run(() => verifyScrypt(normalized, stored));
    return { valid, needsRehash: valid };
  }
  const dummy = await dummyPasswordHash();
  await queue.run(() => argon2Verify(dummy, normalized).catch(() => false));
  return { valid: false, needsRehash: false };
}

/** `checkPassword(...).valid`, for callers that never rehash. */
export async function verifyPassword(
  password: string,
  stored: string | null | undefined,
  opts: { limits?: PasswordHashLimits } = {},
): Promise<boolean> {
  return (await checkPassword(password, stored, opts)).valid;
}

function hasCurrentParams(stored: string): boolean {
  try {
    const p = parseOptions(stored);
    return (
      stored.startsWith("$argon2id$") &&
      p.memoryCost === ARGON2_PARAMS.memoryCost &&
      p.timeCost === ARGON2_PARAMS.timeCost &&
      p.parallelism === ARGON2_PARAMS.parallelism
    );
  } catch {
    return false;
  }
}

/**
 * Legacy hashes written before argon2id: "scrypt$N$r$p$<salt b64>$<hash b64>" (OWASP's scrypt
 * parameters N=2^17, r=8, p=1). Only verified, never written any more.
 */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, saltB64, hashB64] = stored.split("$");
  if (!n || !r || !p || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, "base64");
  const actual = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  }).catch(() => null);
  return actual !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Writes a legacy scrypt hash (N=2^17, r=8, p=1); only tests use it, to prove old hashes still verify. */
export async function legacyScryptHashForTests(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: 2 ** 17, r: 8, p: 1 };
  const hash = await scrypt(password.normalize("NFKC"), salt, 64, {
    ...params,
    maxmem: 256 * 1024 * 1024,
  });
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64"),
    hash.toString("base64"),
  ].join("$");
}
