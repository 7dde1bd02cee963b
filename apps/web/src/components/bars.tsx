export interface Bar {
  /** What the bar counts (a proposal, a poll's option): its `data-<kind>` attribute. */
  id: string;
  label: string;
  votes: number;
}

/** Votes as bars, the longest for the most voted, each with its count in words (a consultation's tally, a poll's results). */
export const Bars = ({ bars, kind, count }: { bars: Bar[]; kind: string; count: (votes: number) => string }) => {
  const most = Math.max(1, ...bars.map((bar) => bar.votes));
  return (
    <ul class="bars">
      {bars.map((bar) => (
        <li key={bar.id} {...{ [`data-${kind}`]: bar.id }}>
          <div>
            {bar.label} — <strong data-testid="votes">{count(bar.votes)}</strong>
          </div>
          <progress value={bar.votes} max={most} aria-label={`${bar.label}: ${count(bar.votes)}`} />
        </li>
      ))}
    </ul>
  );
};
