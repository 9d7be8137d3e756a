import fc from 'fast-check';
import { expect } from 'vitest';
import { multipart } from './fixtures.ts';
import type { Response } from './harness.ts';
import { DAY, type Expected, HOUR, type Kind, type LifecycleModel, type Policy } from './lifecycle-model.ts';
import { expectInstant, type Real, send, verifyAgainstModel } from './lifecycle-model-verify.ts';

export type { Real };

// The steps of the lifecycle model test: each one acts through the API, asks the model what the
// answer must be, compares, and then compares the whole visible state with the model.

type Cmd = fc.AsyncCommand<LifecycleModel, Real>;
const PLURAL = { patient: 'patients', entry: 'entries', image: 'images' } as const;

function expectAnswer(res: Response, want: Expected, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(want.status);
  const body = res.json();
  if (want.code) expect(body.error?.code, `${what}: ${res.body}`).toBe(want.code);
  if (want.expiresAt !== undefined) {
    expectInstant(
      res.statusCode >= 400 ? body.error?.details?.expiresAt : body.expiresAt,
      want.expiresAt,
      what,
    );
  }
  if (want.deleted) expect(body.deleted, what).toEqual(want.deleted);
}

abstract class Step implements Cmd {
  check(_m: Readonly<LifecycleModel>): boolean {
    return true;
  }
  async run(m: LifecycleModel, r: Real) {
    r.t.clock.set(new Date(m.now));
    await this.act(m, r);
    await verifyAgainstModel(m, r, this.toString());
  }
  abstract act(m: LifecycleModel, r: Real): Promise<void>;
  abstract toString(): string;
}

/** Picks a record of a kind by an arbitrary index; steps on records need at least one. */
abstract class OnRecord extends Step {
  constructor(
    readonly kind: Kind,
    readonly index: number,
  ) {
    super();
  }
  override check(m: Readonly<LifecycleModel>) {
    return m.records.some((x) => x.kind === this.kind);
  }
  pick(m: LifecycleModel) {
    const list = m.of(this.kind);
    const rec = list[this.index % list.length];
    if (!rec) throw new Error('no record to pick');
    return rec;
  }
}

class CreatePatient extends Step {
  constructor(
    readonly entries: number,
    readonly images: number,
    readonly reuse: number | null,
  ) {
    super();
  }
  async act(m: LifecycleModel, r: Real) {
    const patients = m.of('patient');
    const reused = this.reuse === null ? undefined : patients[this.reuse % Math.max(1, patients.length)];
    const uniqueId = reused?.uniqueId ?? `${r.prefix}${r.nextUniqueId++}`;
    const want = m.createPatient(uniqueId);
    const res = await send(r, r.clinician, 'POST', '/api/patients', { uniqueId });
    expectAnswer(res, want, this.toString());
    if (res.statusCode !== 201) return;
    const id = res.json().id as string;
    m.add('patient', id, id, uniqueId);
    for (let i = 0; i < this.entries; i++) {
      const e = await send(r, r.clinician, 'POST', `/api/patients/${id}/entries`, {
        appointmentAt: '2025-12-10T10:00:00Z',
      });
      expect(e.statusCode, e.body).toBe(201);
      m.add('entry', e.json().id, id);
    }
    if (this.images > 0) {
      const files = r.jpegs.slice(0, this.images).map((data, i) => ({ filename: `${i}.jpg`, data }));
      const body = multipart(files);
      const u = await r.t.app.inject({
        method: 'POST',
        url: `/api/patients/${id}/images`,
        headers: { ...r.clinician.headers, ...body.headers },
        payload: body.payload,
      });
      expect(u.statusCode, u.body).toBe(201);
      for (const image of u.json().created) m.add('image', image.id, id);
    }
  }
  toString() {
    return `createPatient(entries ${this.entries}, images ${this.images}${this.reuse === null ? '' : `, unique ID of patient #${this.reuse}`})`;
  }
}

class Delete extends OnRecord {
  async act(m: LifecycleModel, r: Real) {
    const rec = this.pick(m);
    const want = this.kind === 'patient' ? m.deletePatient(rec.id) : m.deleteItem(rec.id);
    const payload =
      this.kind === 'patient' ? { reason: 'duplicate', confirmation: `delete ${rec.uniqueId}` } : undefined;
    const res = await send(r, r.clinician, 'DELETE', `/api/${PLURAL[this.kind]}/${rec.id}`, payload);
    expectAnswer(res, want, this.toString());
  }
  toString() {
    return `delete(${this.kind} #${this.index})`;
  }
}

class Restore extends OnRecord {
  async act(m: LifecycleModel, r: Real) {
    const rec = this.pick(m);
    const want = this.kind === 'patient' ? m.restorePatient(rec.id) : m.restoreItem(rec.id);
    const payload = this.kind === 'patient' ? { confirmation: `restore ${rec.uniqueId}` } : undefined;
    const res = await send(r, r.clinician, 'POST', `/api/${PLURAL[this.kind]}/${rec.id}/restore`, payload);
    expectAnswer(res, want, this.toString());
  }
  toString() {
    return `restore(${this.kind} #${this.index})`;
  }
}

/** Expunge by a super administrator (a patient with everything in its compartment). */
export class Expunge extends OnRecord {
  async act(m: LifecycleModel, r: Real) {
    const rec = this.pick(m);
    const want = m.expunge(rec.id);
    const query = this.kind === 'patient' ? '?everything=true' : '';
    const res = await send(r, r.root, 'POST', `/api/${PLURAL[this.kind]}/${rec.id}/expunge${query}`);
    expectAnswer(res, want, this.toString());
  }
  toString() {
    return `expunge(${this.kind} #${this.index})`;
  }
}

class SetRetention extends Step {
  constructor(readonly months: number) {
    super();
  }
  async act(m: LifecycleModel, r: Real) {
    if (this.months < m.retentionMonths) {
      // Unconfirmed, a reduction is refused with how much it would remove (the whole deployment's).
      const refused = await send(r, r.root, 'PATCH', '/api/settings', { retentionMonths: this.months });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.details.wouldExpire).toBeGreaterThanOrEqual(m.wouldExpire(this.months));
    }
    const res = await send(r, r.root, 'PATCH', '/api/settings', {
      retentionMonths: this.months,
      confirmReduction: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    // Expiry is final: a raise first removes what had expired under the period in force; a cut
    // removes what expired under the new one.
    const changed = this.months !== m.retentionMonths;
    if (changed) m.removeExpired();
    m.retentionMonths = this.months;
    if (changed) m.removeExpired();
  }
  toString() {
    return `retention(${this.months} months)`;
  }
}

class SetPolicy extends Step {
  constructor(readonly policy: Policy) {
    super();
  }
  async act(m: LifecycleModel, r: Real) {
    const res = await send(r, r.root, 'PATCH', '/api/settings', {
      deletionPolicy: this.policy,
      confirmPolicyChange: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    m.policy = this.policy;
  }
  toString() {
    return `policy(${this.policy})`;
  }
}

class Advance extends Step {
  constructor(readonly days: number) {
    super();
  }
  async act(m: LifecycleModel) {
    // Whole days and one hour: a deletion and "now" are never exactly an expiry apart, so the
    // milliseconds the server's clock runs during a step cannot tip a comparison.
    m.now += this.days * DAY + HOUR;
  }
  toString() {
    return `advance(${this.days} days)`;
  }
}

/**
 * Moves the clock to an hour before or after the expiry of a deleted record (under the period in
 * force): the retention changes and cleanups that follow act right around an expiry instant.
 */
class AdvanceToExpiry extends Step {
  constructor(
    readonly index: number,
    readonly after: boolean,
  ) {
    super();
  }
  override check(m: Readonly<LifecycleModel>) {
    return m.records.some((x) => m.state(x) === 'deleted');
  }
  async act(m: LifecycleModel) {
    const deleted = m.records.filter((x) => m.state(x) === 'deleted');
    const rec = deleted[this.index % deleted.length];
    const expiry = rec ? m.expiry(rec) : null;
    if (expiry === null) return;
    // Never back in time: an expiry already passed leaves the clock where it is.
    m.now = Math.max(m.now, expiry + (this.after ? HOUR : -HOUR));
  }
  toString() {
    return `advanceToExpiry(#${this.index}, ${this.after ? 'after' : 'before'})`;
  }
}

class Cleanup extends Step {
  async act(m: LifecycleModel, r: Real) {
    const res = await send(r, r.root, 'POST', '/api/admin/cleanup');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().failures ?? [], res.body).toEqual([]);
    m.removeExpired();
  }
  toString() {
    return 'cleanup()';
  }
}

const item = fc.constantFrom<Kind>('entry', 'image');
const createPatient = fc
  .record({
    entries: fc.integer({ min: 0, max: 2 }),
    images: fc.integer({ min: 0, max: 2 }),
    reuse: fc.option(fc.nat(), { freq: 4 }),
  })
  .map((o) => new CreatePatient(o.entries, o.images, o.reuse));

export const firstPatient = createPatient;

export const lifecycleCommands: fc.Arbitrary<Cmd>[] = [
  createPatient,
  fc.nat().map((i) => new Delete('patient', i)),
  fc.tuple(item, fc.nat()).map(([k, i]) => new Delete(k, i)),
  fc.tuple(item, fc.nat()).map(([k, i]) => new Delete(k, i)),
  fc.nat().map((i) => new Restore('patient', i)),
  fc.tuple(item, fc.nat()).map(([k, i]) => new Restore(k, i)),
  fc.constantFrom(1, 2, 3, 6, 12, 24, 120).map((n) => new SetRetention(n)),
  fc.constantFrom<Policy>('recoverable', 'standard', 'permanent').map((p) => new SetPolicy(p)),
  fc.oneof(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 46, max: 1100 })).map((d) => new Advance(d)),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, after]) => new AdvanceToExpiry(i, after)),
  fc.constant(null).map(() => new Cleanup()),
  fc.nat().map((i) => new Expunge('patient', i)),
  fc.tuple(item, fc.nat()).map(([k, i]) => new Expunge(k, i)),
];
