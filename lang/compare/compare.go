// Package compare lists the rule changes between two versions of a
// contract in contract terms: a cap that moved from 10% to 8% of the
// availability payment, a tier added, a deduct line removed. It compares
// the checked contracts, not their text, so a change of layout or of a
// comment is no change. Each rule is matched by its name (payments,
// measures, service levels, tiers, notices) or by what it applies to
// (deduct lines by tier and window).
package compare

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/check"
)

// Change is one rule that differs between the versions. Old or New is ""
// for a rule added or removed.
type Change struct {
	Rule string `json:"rule"`
	Old  string `json:"old,omitempty"`
	New  string `json:"new,omitempty"`
}

// String writes the change in one line.
func (c Change) String() string {
	switch {
	case c.Old == "":
		return c.Rule + ": added: " + c.New
	case c.New == "":
		return c.Rule + ": removed: " + c.Old
	}
	return c.Rule + ": " + c.Old + " → " + c.New
}

type differ struct {
	changes []Change
}

func (d *differ) field(rule, old, new string) {
	if old != new {
		d.changes = append(d.changes, Change{Rule: rule, Old: old, New: new})
	}
}

// Contracts returns the changes from old to new, in the order of the
// contract: header, payments, measures, service levels, cap, notices.
func Contracts(old, new *check.Contract) []Change {
	d := &differ{}
	d.field("currency", old.Currency.Code, new.Currency.Code)
	d.field("term", termText(old), termText(new))
	d.field("rounding", old.Rounding.String(), new.Rounding.String())
	d.field("agreed deduction rates", agreedText(old), agreedText(new))
	d.field("time zone", old.Calendar.Zone, new.Calendar.Zone)
	d.field("business hours", businessText(old), businessText(new))
	d.field("holidays", holidayText(old), holidayText(new))
	d.named("payment", paymentTexts(old), paymentTexts(new))
	d.named("measure", measureTexts(old), measureTexts(new))
	d.levels(old, new)
	d.field("cap on total deductions", capText(old), capText(new))
	d.named("notice", noticeTexts(old), noticeTexts(new))
	return d.changes
}

func termText(c *check.Contract) string {
	return c.Term.Start.String() + " to " + c.Term.End.String() + " " + c.Term.Start.Gran.Word()
}

func businessText(c *check.Contract) string {
	if c.Calendar.Business == nil {
		return ""
	}
	return c.Calendar.Business.Text
}

func holidayText(c *check.Contract) string {
	var days []string
	for _, d := range c.Calendar.Holidays {
		days = append(days, fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day))
	}
	for _, f := range c.Calendar.HolidayFiles {
		days = append(days, "the dates in "+f.Value)
	}
	return strings.Join(days, ", ")
}

func agreedText(c *check.Contract) string {
	if !c.HasAgreed {
		return ""
	}
	return c.AgreedLow.Shift(2).String() + "% to " + c.AgreedHigh.Shift(2).String() + "%"
}

// named compares two maps of named rules, in name order.
func (d *differ) named(kind string, old, new map[string]string) {
	names := map[string]bool{}
	for n := range old {
		names[n] = true
	}
	for n := range new {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		d.field(kind+" "+n, old[n], new[n])
	}
}

func money(c *check.Contract, a check.Amount) string {
	if a.Payment == nil {
		return a.Text
	}
	return a.Text + " (" + c.Currency.Format(c.Currency.Round(a.Rate.Mul(a.Payment.Amount), c.Rounding)) + ")"
}

func paymentTexts(c *check.Contract) map[string]string {
	out := map[string]string{}
	for _, p := range c.Payments {
		out[p.Name] = c.Currency.Format(p.Amount) + " per " + c.Term.Start.Gran.Noun()
	}
	return out
}

func measureTexts(c *check.Contract) map[string]string {
	out := map[string]string{}
	for _, m := range c.Measures {
		text := m.Unit.String() + ", reported"
		switch {
		case m.Records != nil:
			text = m.Unit.String() + ", " + m.Records.Text
			if m.Records.AmongText != "" {
				text += " " + m.Records.AmongText
			}
			for _, x := range m.Records.Exclusions {
				text += ", excluding " + x.Reason
			}
			if m.Records.MinSample > 0 {
				text += fmt.Sprintf(", minimum sample %d", m.Records.MinSample)
			}
		case m.Expr != nil:
			text = m.Unit.String() + " = " + check.Text(m.Expr)
		}
		out[m.Name] = text
	}
	return out
}

func capText(c *check.Contract) string {
	if c.Cap == nil {
		return ""
	}
	text := money(c, c.Cap.Amount)
	if c.Cap.CarryForward {
		return text + ", excess carries forward"
	}
	return text + ", excess is lost"
}

func noticeTexts(c *check.Contract) map[string]string {
	out := map[string]string{}
	for _, n := range c.Notices {
		var conds []string
		for _, cond := range n.Conditions {
			conds = append(conds, "when "+cond.Text)
		}
		out[n.Name] = strings.Join(conds, "; ")
	}
	return out
}

func (d *differ) levels(old, new *check.Contract) {
	oldLevels, newLevels := map[string]*check.ServiceLevel{}, map[string]*check.ServiceLevel{}
	var names []string
	for _, l := range old.Levels {
		oldLevels[l.Name] = l
		names = append(names, l.Name)
	}
	for _, l := range new.Levels {
		newLevels[l.Name] = l
		if oldLevels[l.Name] == nil {
			names = append(names, l.Name)
		}
	}
	for _, name := range names {
		o, n := oldLevels[name], newLevels[name]
		rule := "service level " + name
		switch {
		case o == nil:
			d.field(rule, "", "target "+n.TargetText)
			continue
		case n == nil:
			d.field(rule, "target "+o.TargetText, "")
			continue
		}
		d.field(rule+" target", o.TargetText, n.TargetText)
		d.named(rule+" tier", tierTexts(o), tierTexts(n))
		d.named(rule+" deduction", deductTexts(old, o), deductTexts(new, n))
		d.field(rule+" missing value", missingText(o), missingText(n))
		d.field(rule+" below minimum sample", sampleText(o), sampleText(n))
		d.field(rule+" cap", levelCapText(old, o), levelCapText(new, n))
		d.field(rule+" public", publicText(o), publicText(n))
	}
}

// publicText describes a service level's public line, or "" without one.
func publicText(l *check.ServiceLevel) string {
	switch {
	case !l.Public:
		return ""
	case l.PublicTitle != "":
		return "public " + strconv.Quote(l.PublicTitle)
	}
	return "public"
}

func tierTexts(l *check.ServiceLevel) map[string]string {
	out := map[string]string{}
	for _, t := range l.Tiers {
		out[t.Name] = "when " + t.Text
	}
	return out
}

// deductTexts keys each deduct line by what it applies to: its tier (or
// any failure) and its window.
func deductTexts(c *check.Contract, l *check.ServiceLevel) map[string]string {
	out := map[string]string{}
	for _, d := range l.Deductions {
		key := "when failed"
		if d.Tier != check.AnyTier {
			key = "when " + l.Tiers[d.Tier].Name
		}
		if d.Window != nil {
			key += " " + d.Window.Text
		}
		text := money(c, d.Amount)
		if d.PerUnit != nil {
			text += " per " + d.PerUnit.Text + " of shortfall"
		}
		out[key] = text
	}
	return out
}

func missingText(l *check.ServiceLevel) string {
	if !l.Missing.Declared {
		return ""
	}
	return l.MissingText()
}

func sampleText(l *check.ServiceLevel) string {
	if !l.Sample.Declared {
		return ""
	}
	return l.SampleText()
}

func levelCapText(c *check.Contract, l *check.ServiceLevel) string {
	if l.Cap == nil {
		return ""
	}
	return money(c, l.Cap.Amount)
}
