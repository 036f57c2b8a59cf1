/** "Did you mean": the nearest of some names to a misspelt one, by edit distance. Pure. */

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) {
        d[0][j] = j;
    }
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
    }
    return d[a.length][b.length];
}

/**
 * The candidate nearest to `word`, when it is near enough to be what was meant (at most 2 edits, or
 * a third of the word's length); undefined otherwise. Ties go to the candidate listed first.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    const best = candidates.map((c) => ({ c, d: editDistance(word, c) })).sort((x, y) => x.d - y.d)[0];
    return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}
