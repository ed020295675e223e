import { List, Record } from 'immutable';
import { defineSpec, either } from '../../checker/index.js';

/** A process's label in the PlusCal algorithm. */
type Label = 'a0' | 'a1' | 'a2' | 'a3' | 'cs' | 'a4';

/** Peterson's variables; `pc` and `c` are indexed by process 1 and 2 at positions 0 and 1. */
const P = Record({ pc: List<Label>(['a0', 'a0']), c: List<boolean>([false, false]), turn: 1 }, 'Peterson');
type P = ReturnType<typeof P>;

const PROCS = [1, 2] as const;
const LABELS: readonly Label[] = ['a0', 'a1', 'a2', 'a3', 'cs', 'a4'];
const other = (p: number): number => (p === 1 ? 2 : 1);
const pcOf = (s: P, p: number): Label => s.pc.get(p - 1) as Label;
const cOf = (s: P, p: number): boolean => s.c.get(p - 1) as boolean;
const goto = (s: P, p: number, label: Label): P => s.set('pc', s.pc.set(p - 1, label));
const inLock = (s: P, p: number): boolean => pcOf(s, p) === 'cs' || pcOf(s, p) === 'a4';

/** One label's step of process `self`: enabled at `from`, it moves to `to` after `effect`. */
function step(from: Label, to: Label, effect: (s: P, self: number) => P = (s) => s) {
  return { params: [PROCS], next: (s: P, self: number) => pcOf(s, self) === from && goto(effect(s, self), self, to) };
}

/** Peterson's mutual-exclusion algorithm for two processes (the PlusCal translation). */
export default defineSpec({
  name: 'Peterson',
  description: "Peterson's algorithm (tlaplus/Examples locks_auxiliary_vars/Peterson.tla)",
  build: () => ({
    init: () => [P()],
    actions: {
      a0: step('a0', 'a1'),
      a1: step('a1', 'a2', (s, self) => s.set('c', s.c.set(self - 1, true))),
      a2: step('a2', 'a3', (s, self) => s.set('turn', other(self))),
      // The await is a disjunction, so each true disjunct is a successor of its own, as in TLC.
      a3: {
        params: [PROCS],
        next: (s: P, self: number) =>
          pcOf(s, self) === 'a3' && either(!cOf(s, other(self)) && goto(s, self, 'cs'), s.turn === self && goto(s, self, 'cs')),
      },
      cs: step('cs', 'a4'),
      a4: step('a4', 'a0', (s, self) => s.set('c', s.c.set(self - 1, false))),
    },
    invariants: {
      TypeOK: (s: P) =>
        s.pc.size === 2 && s.pc.every((l) => LABELS.includes(l)) && s.c.size === 2 && s.c.every((b) => typeof b === 'boolean') && (s.turn === 1 || s.turn === 2),
      Inv: (s: P) =>
        PROCS.every((p) => cOf(s, p) === ['a2', 'a3', 'cs', 'a4'].includes(pcOf(s, p))) &&
        PROCS.every((p) => !inLock(s, p) || s.turn === p || ['a0', 'a1', 'a2'].includes(pcOf(s, other(p)))) &&
        !(inLock(s, 1) && inLock(s, 2)),
    },
  }),
});
