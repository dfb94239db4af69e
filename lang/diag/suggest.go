package diag

import "strings"

// Closest returns the candidate nearest to name by edit distance, or "" when
// none is near enough to be a likely typo. A candidate qualifies when its
// distance is at most a third of the longer name's length (at least 1), so
// "cast" suggests "csat" but "uptime" does not suggest "csat".
// Ties go to the candidate listed first, which keeps hints deterministic.
func Closest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	limit := max(len(name), len(best)) / 3
	if limit < 1 {
		limit = 1
	}
	if bestDist > limit {
		return ""
	}
	return best
}

// DidYouMean formats the hint for Closest, or returns "" when there is no
// close candidate.
func DidYouMean(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" {
		return `did you mean "` + c + `"?`
	}
	return ""
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of two neighbouring letters each cost
// one, so the common typo "cast" for "csat" is one edit away.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
