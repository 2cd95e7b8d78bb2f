/**
 * The order the contenders run in, round by round: A B C, then C B A, and so on. Against a
 * machine whose background load drifts, taking turns this way gives each contender the early and
 * the late slots equally often, so none is favoured by when it ran.
 */
const turnsOf = <Name extends string>(names: readonly Name[], round: number): readonly Name[] =>
  round % 2 === 0 ? names : names.toReversed();

export { turnsOf };
