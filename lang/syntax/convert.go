package syntax

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// converter turns the participle structs into the AST and parses literal
// values on the way. A literal that the lexer accepted but that is not a
// valid value (a money amount with misplaced commas) becomes a diagnostic.
type converter struct {
	name string
	errs diag.List
}

func span(start, end lexer.Position) diag.Span {
	return diag.Span{Start: position(start), End: position(end)}
}

func (c *converter) convertFile(g *gFile) *File {
	f := &File{}
	for _, d := range g.Decls {
		f.Decls = append(f.Decls, c.decl(d))
	}
	return f
}

func (c *converter) decl(d *gDecl) Decl {
	switch {
	case d.Contract != nil:
		return c.contract(d.Contract)
	case d.Payment != nil:
		return c.payment(d.Payment)
	case d.Measure != nil:
		return c.measure(d.Measure)
	case d.Level != nil:
		return c.serviceLevel(d.Level)
	case d.Cap != nil:
		return c.capDecl(d.Cap)
	case d.Source != nil:
		return c.source(d.Source)
	case d.Test != nil:
		return c.test(d.Test)
	default:
		return c.notice(d.Notice)
	}
}

func (c *converter) ident(g *gIdent) *Ident {
	if g == nil {
		return nil
	}
	return &Ident{Sp: span(g.Pos, g.EndPos), Name: g.Name}
}

// str unquotes a string literal. It rejects control characters, because a
// title or reference is printed in ledgers and notices, where a newline or
// terminal escape would forge or garble lines.
func (c *converter) str(g *gString) *StringLit {
	if g == nil {
		return nil
	}
	sp := span(g.Pos, g.EndPos)
	v, err := strconv.Unquote(g.Value)
	if err != nil {
		c.errs.Errorf(c.name, sp, "invalid string %s", g.Value).Hint = `inside a string, write \" for a quote and \\ for a backslash`
		return &StringLit{Sp: sp, Value: g.Value}
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			c.errs.Errorf(c.name, sp, "string %s contains the control character %U", g.Value, r).Hint =
				"write the text on one line, without tabs, newlines or escape codes"
			break
		}
		if isBidiControl(r) {
			c.errs.Errorf(c.name, sp, "string %s contains the bidirectional control character %U", strconv.QuoteToASCII(v), r).Hint =
				"remove it: it would reverse or reorder the text around the string in ledgers and reports"
			break
		}
	}
	return &StringLit{Sp: sp, Value: v}
}

// isBidiControl reports whether r is one of the Unicode characters that
// change the direction of the text after them: embeddings, overrides,
// isolates and marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return r == 0x200E || r == 0x200F || r == 0x061C
}

func (c *converter) ref(g *gRef) *Ref {
	if g == nil {
		return nil
	}
	return &Ref{Sp: span(g.Pos, g.EndPos), Text: c.str(g.Text)}
}

// setRef records a ref clause, reporting a second one for the same rule.
func (c *converter) setRef(dst **Ref, g *gRef) {
	if g == nil {
		return
	}
	if *dst != nil {
		c.errs.Errorf(c.name, span(g.Pos, g.EndPos), "second ref for the same rule").Hint = "keep one ref line; put several citations in one string"
		return
	}
	*dst = c.ref(g)
}

func (c *converter) contract(g *gContract) *ContractDecl {
	d := &ContractDecl{Sp: span(g.Pos, g.EndPos), Title: c.str(g.Title)}
	for _, cl := range g.Clauses {
		sp := span(cl.Pos, cl.EndPos)
		switch {
		case cl.Currency != nil:
			if d.Currency != nil {
				c.errs.Errorf(c.name, sp, "second currency clause").Hint = "a contract has one currency"
				continue
			}
			d.Currency = c.ident(cl.Currency)
		case cl.Term != nil:
			if d.Term != nil {
				c.errs.Errorf(c.name, sp, "second term clause").Hint = "a contract has one term"
				continue
			}
			d.Term = &Term{
				Sp:          span(cl.Term.Pos, cl.Term.EndPos),
				Start:       &PeriodLit{Sp: span(cl.Term.Start.Pos, cl.Term.Start.EndPos), Text: cl.Term.Start.Text},
				End:         &PeriodLit{Sp: span(cl.Term.End.Pos, cl.Term.End.EndPos), Text: cl.Term.End.Text},
				Granularity: c.ident(cl.Term.Gran),
			}
		case cl.Rounding != nil:
			if d.Rounding != nil {
				c.errs.Errorf(c.name, sp, "second rounding clause").Hint = "a contract has one rounding mode"
				continue
			}
			d.Rounding = &Rounding{Sp: span(cl.Rounding.Pos, cl.Rounding.EndPos), Mode: strings.Join(cl.Rounding.Words, " ")}
		case cl.Agreed != nil:
			if d.AgreedRates != nil {
				c.errs.Errorf(c.name, sp, "second deduction rates clause").Hint = "a contract has one range of agreed rates"
				continue
			}
			low := c.literalText(cl.Agreed.Low.Pos, cl.Agreed.Low.EndPos, "", cl.Agreed.Low.Text, "", "").(*PercentLit)
			high := c.literalText(cl.Agreed.High.Pos, cl.Agreed.High.EndPos, "", cl.Agreed.High.Text, "", "").(*PercentLit)
			d.AgreedRates = &AgreedRates{Sp: span(cl.Agreed.Pos, cl.Agreed.EndPos), Low: low, High: high}
		case cl.Zone != nil:
			if d.Zone != nil {
				c.errs.Errorf(c.name, sp, "second time zone clause").Hint = "a contract has one time zone"
				continue
			}
			d.Zone = c.zone(cl.Zone)
		case cl.Business != nil:
			if d.Business != nil {
				c.errs.Errorf(c.name, sp, "second business hours clause").Hint = "list every open day in one clause, as in business hours Monday to Friday 08:00 to 18:00"
				continue
			}
			d.Business = c.business(cl.Business)
		case cl.Holidays != nil:
			d.Holidays = append(d.Holidays, c.holidays(cl.Holidays))
		default:
			c.setRef(&d.Ref, cl.Ref)
		}
	}
	return d
}

func (c *converter) payment(g *gPayment) *PaymentDecl {
	d := &PaymentDecl{
		Sp:     span(g.Pos, g.EndPos),
		Name:   c.ident(g.Name),
		Title:  c.str(g.Title),
		Amount: c.money(g.Amount),
		Per:    c.ident(g.Per),
	}
	for _, cl := range g.Clauses {
		c.setRef(&d.Ref, cl.Ref)
	}
	return d
}

func (c *converter) measure(g *gMeasure) *MeasureDecl {
	d := &MeasureDecl{
		Sp:       span(g.Pos, g.EndPos),
		Name:     c.ident(g.Name),
		Title:    c.str(g.Title),
		Reported: g.Reported,
		Unit:     c.ident(g.Unit),
	}
	if g.Expr != nil {
		d.Expr = c.expr(g.Expr)
	}
	for _, cl := range g.Clauses {
		c.measureClause(d, cl)
	}
	return d
}

func (c *converter) serviceLevel(g *gServiceLevel) *ServiceLevelDecl {
	d := &ServiceLevelDecl{Sp: span(g.Pos, g.EndPos), Name: c.ident(g.Name), Title: c.str(g.Title)}
	for _, cl := range g.Clauses {
		switch {
		case cl.Ref != nil:
			c.setRef(&d.Ref, cl.Ref)
		case cl.Target != nil:
			d.Targets = append(d.Targets, &Target{Sp: span(cl.Target.Pos, cl.Target.EndPos), Cond: c.expr(cl.Target.Cond)})
		case cl.Tier != nil:
			d.Tiers = append(d.Tiers, &Tier{
				Sp:   span(cl.Tier.Pos, cl.Tier.EndPos),
				Name: c.ident(cl.Tier.Name),
				Cond: c.expr(cl.Tier.Cond),
				Ref:  c.ref(cl.Tier.Ref),
			})
		case cl.Deduct != nil:
			d.Deducts = append(d.Deducts, c.deduct(cl.Deduct))
		case cl.Missing != nil:
			d.Missing = append(d.Missing, c.missing(cl.Missing))
		case cl.Cap != nil:
			d.Caps = append(d.Caps, &LevelCap{
				Sp:     span(cl.Cap.Pos, cl.Cap.EndPos),
				Amount: c.amount(cl.Cap.Amount),
				Ref:    c.ref(cl.Cap.Ref),
			})
		case cl.Sample != nil:
			d.Sample = append(d.Sample, c.sample(cl.Sample))
		case cl.Public != nil:
			d.Public = append(d.Public, &Public{Sp: span(cl.Public.Pos, cl.Public.EndPos), Title: c.str(cl.Public.Title)})
		}
	}
	return d
}

func (c *converter) deduct(g *gDeduct) *Deduct {
	d := &Deduct{
		Sp:     span(g.Pos, g.EndPos),
		Amount: c.amount(g.Amount),
		When:   c.ident(g.When),
		Window: c.window(g.Window),
		Ref:    c.ref(g.Ref),
	}
	if g.PerUnit != nil {
		d.PerUnit = &PerUnit{
			Sp:    span(g.PerUnit.Pos, g.PerUnit.EndPos),
			Count: g.PerUnit.Count,
			Unit:  c.literal(g.PerUnit.Unit),
		}
	}
	return d
}

func (c *converter) missing(g *gMissing) *MissingPolicy {
	m := &MissingPolicy{Sp: span(g.Pos, g.EndPos), Ref: c.ref(g.Ref)}
	switch {
	case g.CountsAs != nil:
		m.Kind, m.CountsAs = "counts as", c.ident(g.CountsAs)
	case g.NotAssessed:
		m.Kind = "not assessed"
	default:
		m.Kind = "error"
	}
	return m
}

func (c *converter) amount(g *gAmount) *Amount {
	a := &Amount{Sp: span(g.Pos, g.EndPos)}
	if g.Money != nil {
		a.Money = c.money(g.Money)
		return a
	}
	lit := c.literalText(g.Rate.Pos, g.Rate.EndPos, "", g.Rate.Text, "", "")
	a.Rate, _ = lit.(*PercentLit)
	a.Payment = c.ident(g.Payment)
	return a
}

func (c *converter) window(g *gWindow) *Window {
	if g == nil {
		return nil
	}
	w := &Window{Sp: span(g.Pos, g.EndPos), Count: c.number(g.Count)}
	if g.Last != nil {
		w.Last = c.number(g.Last)
	}
	return w
}

func (c *converter) capDecl(g *gCap) *CapDecl {
	d := &CapDecl{Sp: span(g.Pos, g.EndPos), Amount: c.amount(g.Amount)}
	for _, cl := range g.Clauses {
		sp := span(cl.Pos, cl.EndPos)
		switch {
		case cl.Ref != nil:
			c.setRef(&d.Ref, cl.Ref)
		case d.Excess != nil:
			c.errs.Errorf(c.name, sp, "second excess clause for the same cap").Hint = "keep one: excess is lost, or excess carries forward"
		default:
			d.Excess = &Excess{Sp: sp, CarryForward: cl.Forward}
		}
	}
	return d
}

func (c *converter) notice(g *gNotice) *NoticeDecl {
	d := &NoticeDecl{Sp: span(g.Pos, g.EndPos), Name: c.ident(g.Name), Title: c.str(g.Title)}
	for _, cl := range g.Clauses {
		if cl.Ref != nil {
			c.setRef(&d.Ref, cl.Ref)
			continue
		}
		d.Whens = append(d.Whens, c.condition(cl.When))
	}
	return d
}

func (c *converter) condition(g *gCondition) *Condition {
	cond := &Condition{Sp: span(g.Pos, g.EndPos), Window: c.window(g.Window)}
	switch {
	case g.Level != nil:
		cond.Pred = c.levelPred(g.Level)
	case g.Total != nil:
		p := &DeductionPredicate{Sp: span(g.Total.Pos, g.Total.EndPos), ReachesCap: g.Total.ReachesCap, Op: g.Total.Op}
		if g.Total.Amount != nil {
			p.Amount = c.sum(g.Total.Amount)
		}
		cond.Pred = p
	case g.Notice != nil:
		cond.Pred = &NoticePredicate{Sp: span(g.Notice.Pos, g.Notice.EndPos), Notice: c.ident(g.Notice.Notice)}
	default:
		cond.Pred = &ExprPredicate{Sp: span(g.Expr.Pos, g.Expr.EndPos), Cond: c.expr(g.Expr)}
	}
	return cond
}

func (c *converter) levelPred(g *gLevelPred) *LevelPredicate {
	p := &LevelPredicate{Sp: span(g.Pos, g.EndPos)}
	switch {
	case g.Same:
		p.Scope = ScopeSame
	case g.Any:
		p.Scope = ScopeAny
	case g.AtLeast != nil:
		p.Scope, p.AtLeast = ScopeAtLeast, c.number(g.AtLeast)
	default:
		p.Scope, p.Level = ScopeNamed, c.ident(g.Named)
	}

	// The outcome word keeps its own span so that the checker can point at
	// an unknown tier name.
	switch {
	case g.Fails:
		p.Outcome = &Ident{Sp: p.Sp, Name: "fails"}
	case g.NotAss:
		p.Outcome = &Ident{Sp: p.Sp, Name: "not assessed"}
	default:
		p.Outcome = c.ident(g.Outcome)
	}
	return p
}

// Expressions.

func (c *converter) expr(g *gExpr) Expr {
	x := c.and(g.Left)
	for _, r := range g.Rest {
		y := c.and(r)
		x = &Binary{Sp: diag.Span{Start: x.Span().Start, End: y.Span().End}, Op: "or", X: x, Y: y}
	}
	return x
}

func (c *converter) and(g *gAnd) Expr {
	x := c.not(g.Left)
	for _, r := range g.Rest {
		y := c.not(r)
		x = &Binary{Sp: diag.Span{Start: x.Span().Start, End: y.Span().End}, Op: "and", X: x, Y: y}
	}
	return x
}

func (c *converter) not(g *gNot) Expr {
	x := c.cmp(g.Cmp)
	if g.Not {
		return &Unary{Sp: span(g.Pos, g.EndPos), Op: "not", X: x}
	}
	return x
}

func (c *converter) cmp(g *gCmp) Expr {
	x := c.sum(g.Left)
	switch {
	case g.Within != nil:
		return c.within(g, x)
	case g.Missing != nil:
		return &IsMissing{Sp: span(g.Pos, g.EndPos), X: x, Not: g.Missing.Not}
	case g.Right == nil:
		return x
	}
	y := c.sum(g.Right)
	return &Binary{Sp: span(g.Pos, g.EndPos), Op: g.Op, X: x, Y: y}
}

func (c *converter) sum(g *gSum) Expr {
	x := c.product(g.Left)
	for _, r := range g.Rest {
		y := c.product(r.Operand)
		x = &Binary{Sp: diag.Span{Start: x.Span().Start, End: y.Span().End}, Op: r.Op, X: x, Y: y}
	}
	return x
}

func (c *converter) product(g *gProduct) Expr {
	x := c.unary(g.Left)
	for _, r := range g.Rest {
		y := c.unary(r.Operand)
		x = &Binary{Sp: diag.Span{Start: x.Span().Start, End: y.Span().End}, Op: r.Op, X: x, Y: y}
	}
	return x
}

func (c *converter) unary(g *gUnary) Expr {
	if g.Neg {
		return &Unary{Sp: span(g.Pos, g.EndPos), Op: "-", X: c.unary(g.Operand)}
	}
	return c.primary(g.Primary)
}

func (c *converter) primary(g *gPrimary) Expr {
	sp := span(g.Pos, g.EndPos)
	switch {
	case g.Literal != nil:
		return c.literal(g.Literal)
	case g.Aggregate != nil:
		a := g.Aggregate
		return &Aggregate{
			Sp:      sp,
			Func:    c.ident(a.Func),
			Measure: c.ident(a.Measure),
			Prior:   a.Prior,
			Count:   c.number(a.Count),
			Else:    c.unary(a.Else),
		}
	case g.Call != nil:
		call := &Call{Sp: sp, Func: c.ident(g.Call.Func)}
		for _, arg := range g.Call.Args {
			call.Args = append(call.Args, c.expr(arg))
		}
		return call
	case g.Lag != nil:
		return &Lag{Sp: sp, Measure: c.ident(g.Lag.Measure), Count: c.number(g.Lag.Count), Else: c.unary(g.Lag.Else)}
	case g.Text != nil:
		return c.str(g.Text)
	case g.Ident != nil:
		return c.ident(g.Ident)
	default:
		return &Paren{Sp: sp, X: c.expr(g.Paren)}
	}
}

func (c *converter) literal(g *gLiteral) Expr {
	return c.literalText(g.Pos, g.EndPos, g.Money, g.Percent, g.Duration, g.Number)
}

// literalText builds the literal node for whichever of the four texts is
// set. The lexer's patterns guarantee the shapes parse, except for the
// grouping of thousands in money, which is checked here.
func (c *converter) literalText(pos, end lexer.Position, money, percent, duration, number string) Expr {
	sp := span(pos, end)
	if text := money + percent + duration + number; types.TooManyDigits(text) {
		c.errs.Errorf(c.name, sp, "number %s has more than %d digits", types.Quote(text), types.MaxDigits).Hint =
			"write it with fewer digits"
	}
	switch {
	case money != "":
		return c.moneyText(sp, money)
	case percent != "":
		v, _ := types.ParsePercent(percent)
		return &PercentLit{Sp: sp, Text: percent, Value: v}
	case duration != "":
		v, _ := types.ParseDuration(duration)
		return &DurationLit{Sp: sp, Text: duration, Value: v}
	default:
		v, _ := types.ParseDecimal(number)
		return &NumberLit{Sp: sp, Text: number, Value: v}
	}
}

func (c *converter) money(g *gMoney) *MoneyLit {
	if g == nil {
		return nil
	}
	return c.moneyText(span(g.Pos, g.EndPos), g.Text)
}

func (c *converter) moneyText(sp diag.Span, text string) *MoneyLit {
	if types.TooManyDigits(text) {
		c.errs.Errorf(c.name, sp, "amount %s has more than %d digits", types.Quote(text), types.MaxDigits).Hint =
			"write it with fewer digits"
	}
	fields := strings.Fields(text)
	code, amount := fields[0], fields[1]
	v, ok := types.ParseGroupedDecimal(amount)
	if !ok {
		c.errs.Errorf(c.name, sp, "invalid amount %q", text).Hint = "group thousands in threes (125,000.00) or write no commas (125000.00)"
	}
	return &MoneyLit{Sp: sp, Text: code + " " + amount, Currency: code, Value: v}
}

func (c *converter) number(g *gNumber) *NumberLit {
	if g == nil {
		return nil
	}
	if types.TooManyDigits(g.Text) {
		c.errs.Errorf(c.name, span(g.Pos, g.EndPos), "number %s has more than %d digits", types.Quote(g.Text), types.MaxDigits).Hint =
			"write it with fewer digits"
	}
	v, _ := types.ParseDecimal(g.Text)
	return &NumberLit{Sp: span(g.Pos, g.EndPos), Text: g.Text, Value: v}
}
