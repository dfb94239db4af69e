package kernel

// notices counts the notices of period i. These are failed breaches, one
// per failed service level, and missing missing_data notices, one per
// missing value, then the declared notices in dependency order.
func (s *State) notices(i int, failed, missing int32) {
	k := s.k
	counts := s.Notices[i*k.NoticeKinds() : (i+1)*k.NoticeKinds()]
	counts[0], counts[1] = failed, missing
	for _, n := range k.order {
		cn := &k.notices[n]
		if cn.quietWhenMet && len(s.active) == 0 {
			counts[2+n] = 0
			continue
		}
		counts[2+n] = int32(bit(s.periodHolds(cn, i, counts)))
		if len(cn.sameConds) > 0 {
			counts[2+n] += s.sameLevels(cn, i)
		}
	}
}

// periodHolds records in period i the conditions of n other than those
// about the same service level, and reports whether one of them holds.
// counts contains the notices of the period counted so far.
func (s *State) periodHolds(n *notice, i int, counts []int32) bool {
	held := false
	for j := range n.periodConds {
		c := &n.periodConds[j]
		t := &s.tracks[c.track]
		if s.pred(c, i, counts) {
			t.add(i)
		}
		if t.holds(c.window, i) {
			held = true
		}
	}
	return held
}

// sameLevels records in period i the conditions of n about the same
// service level and returns the number of service levels for which one of
// them holds.
func (s *State) sameLevels(n *notice, i int) int32 {
	nl := len(s.k.levels)
	outcomes := s.outcomes[i*nl : (i+1)*nl]
	// A service level counts once however many conditions hold for it.
	// With one condition it cannot count twice, so no marks are needed.
	dedupe := len(n.sameConds) > 1
	if dedupe {
		clear(s.levelDone)
	}
	var issued int32
	count := func(l int32) {
		if dedupe {
			if s.levelDone[l] {
				return
			}
			s.levelDone[l] = true
		}
		issued++
	}
	for j := range n.sameConds {
		c := &n.sameConds[j]
		tracks := s.tracks[c.track : c.track+nl]
		// Only a level whose outcome is not Met can match, and a streak
		// of at least one period holds only for a level that matches in
		// period i.
		streak := c.window.consecutive()
		for _, l := range s.active {
			if !c.matchers[l].matches(outcomes[l]) {
				continue
			}
			tracks[l].add(i)
			if streak && tracks[l].holds(c.window, i) {
				count(l)
			}
		}
		// An "N of the last M" window can hold for any level.
		if !streak {
			for l := range tracks {
				if tracks[l].holds(c.window, i) {
					count(int32(l))
				}
			}
		}
	}
	return issued
}

// pred evaluates condition c, other than one about the same service
// level, in period i. counts contains the notices of the period counted so far.
func (s *State) pred(c *cond, i int, counts []int32) bool {
	switch c.kind {
	case predReachesCap:
		return s.capReached[i]
	case predTotal:
		return c.total.holds(s.Total[i])
	case predNotice:
		return counts[2+c.notice] > 0
	}
	nl := len(s.k.levels)
	outcomes := s.outcomes[i*nl : (i+1)*nl]
	// No matcher selects Met, so only the active levels can match.
	matched := 0
	for _, l := range s.active {
		matched += int(bit(c.matchers[l].matches(outcomes[l])))
	}
	return matched >= c.need
}
