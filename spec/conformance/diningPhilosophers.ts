import { List, Record } from 'immutable';
import { alwaysEventually, defineSpec, forAll, weakFair } from '../../checker/index.js';

/** A fork: who holds it, and whether it is clean. */
const Fork = Record({ holder: 1, clean: false }, 'Fork');
type Fork = ReturnType<typeof Fork>;

/** A philosopher's label in the PlusCal algorithm. */
type Label = 'Loop' | 'Eat' | 'Think';

/** The variables, each a function of 1..NP stored at positions 0..NP-1. */
const DP = Record({ forks: List<Fork>(), pc: List<Label>(), hungry: List<boolean>() }, 'DiningPhilosophers');
type DP = ReturnType<typeof DP>;

/** DiningPhilosophers (Chandy–Misra style, PlusCal translation): forks passed clean on request. */
export default defineSpec({
  name: 'DiningPhilosophers',
  description: 'Dining philosophers with clean and dirty forks (tlaplus/Examples DiningPhilosophers.tla)',
  constants: {
    NP: { default: 5, values: { min: 2 }, help: 'philosophers at the table, one fork between each two' },
    fairness: { default: 'weak', values: ['weak', 'none'], help: 'weak fairness on every philosopher, or none' },
  },
  build: ({ NP, fairness }) => {
    const P = Array.from({ length: NP }, (_, i) => i + 1);
    const leftFork = (p: number): number => p;
    const rightFork = (p: number): number => (p === NP ? 1 : p + 1);
    const leftPhilosopher = (p: number): number => (p === 1 ? NP : p - 1);
    const rightPhilosopher = (p: number): number => (p === NP ? 1 : p + 1);
    const fork = (s: DP, f: number): Fork => s.forks.get(f - 1) as Fork;
    const pcOf = (s: DP, p: number): Label => s.pc.get(p - 1) as Label;
    const canEat = (s: DP, p: number): boolean =>
      [leftFork(p), rightFork(p)].every((f) => fork(s, f).holder === p && fork(s, f).clean);
    const sharesFork = (p: number, q: number): boolean =>
      [leftFork(p), rightFork(p)].some((f) => f === leftFork(q) || f === rightFork(q));

    return {
      init: () => [
        DP({
          forks: List(P.map((f) => Fork({ holder: f === 2 ? 1 : f, clean: false }))),
          pc: List(P.map(() => 'Loop' as Label)),
          hungry: List(P.map(() => true)),
        }),
      ],
      actions: {
        Loop: {
          params: [P],
          next: (s: DP, p: number) => {
            if (pcOf(s, p) !== 'Loop') return false;
            const left = fork(s, leftFork(p));
            const right = fork(s, rightFork(p));
            let forks = s.forks;
            if (left.holder === p && !left.clean) {
              forks = forks.set(leftFork(p) - 1, Fork({ holder: leftPhilosopher(p), clean: true }));
            } else if (right.holder === p && !right.clean) {
              forks = forks.set(rightFork(p) - 1, Fork({ holder: rightPhilosopher(p), clean: true }));
            }
            const next: Label = s.hungry.get(p - 1) ? (canEat(s, p) ? 'Eat' : 'Loop') : 'Think';
            return s.merge({ forks, pc: s.pc.set(p - 1, next) });
          },
        },
        Think: {
          params: [P],
          next: (s: DP, p: number) =>
            pcOf(s, p) === 'Think' && s.merge({ hungry: s.hungry.set(p - 1, true), pc: s.pc.set(p - 1, 'Loop') }),
        },
        Eat: {
          params: [P],
          next: (s: DP, p: number) =>
            pcOf(s, p) === 'Eat' &&
            s.merge({
              hungry: s.hungry.set(p - 1, false),
              forks: s.forks
                .update(leftFork(p) - 1, (f) => (f as Fork).set('clean', false))
                .update(rightFork(p) - 1, (f) => (f as Fork).set('clean', false)),
              pc: s.pc.set(p - 1, 'Loop'),
            }),
        },
      },
      invariants: {
        TypeOK: (s: DP) =>
          s.forks.size === NP &&
          s.forks.every((f) => f instanceof Fork && P.includes(f.holder) && typeof f.clean === 'boolean') &&
          s.hungry.size === NP &&
          s.hungry.every((h) => typeof h === 'boolean') &&
          s.pc.size === NP &&
          s.pc.every((l) => l === 'Loop' || l === 'Eat' || l === 'Think'),
        ExclusiveAccess: (s: DP) =>
          P.every((p) => P.every((q) => p === q || !sharesFork(p, q) || !(pcOf(s, p) === 'Eat' && pcOf(s, q) === 'Eat'))),
      },
      properties: {
        NobodyStarves: forAll(P, (p) => alwaysEventually((s: DP) => !s.hungry.get(p - 1))),
      },
      // WF_vars(Philosopher(p)) for each p, Philosopher(p) being the disjunction of p's steps.
      fairness: fairness === 'weak' ? P.map((p) => weakFair(['Loop', 'Think', 'Eat'], p)) : [],
    };
  },
});
