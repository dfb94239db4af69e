package syntax

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar below is participle's: each struct is a production and its
// field tags are the rule. These structs are the concrete syntax only.
// convert.go turns them into the AST in ast.go, which the checker, the
// engine and the formatter read. Keeping the two apart lets the
// grammar follow participle's needs (one struct per precedence level,
// lookahead-friendly alternatives) while the AST stays small.
//
// Lines matter: a declaration starts with its head line, and each clause
// (target, tier, deduct, ref, ...) is a line of its own. A line break inside
// parentheses continues the line.

// lexRules lists the tokens. Order matters: the first rule that matches at a
// position wins, so literals with units come before plain numbers and money
// ("USD 125.00") before identifiers. Money takes commas anywhere between
// digits, so that the converter, not the parser, reports a misplaced comma
// ("USD 1,00.00") as an invalid amount.
var lexRules = lexer.Rules{
	"Root": {
		{Name: "Comment", Pattern: `#[^\r\n]*`},
		{Name: "String", Pattern: `"(\\.|[^"\\\r\n])*"`},
		{Name: "Money", Pattern: `[A-Z]{3}[ \t]+-?[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?`},
		{Name: "Date", Pattern: `[0-9]{4}-[0-9]{2}-[0-9]{2}\b`},
		{Name: "Period", Pattern: `[0-9]{4}-(?:Q[0-9]|[0-9]{2})\b`},
		{Name: "Percent", Pattern: `[0-9]+(?:\.[0-9]+)?%`},
		{Name: "Duration", Pattern: `[0-9]+(?:\.[0-9]+)?(?:s|min|h|d)\b`},
		{Name: "Number", Pattern: `[0-9]+(?:\.[0-9]+)?`},
		{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
		{Name: "Open", Pattern: `\(`, Action: lexer.Push("Paren")},
		{Name: "Close", Pattern: `\)`},
		{Name: "Op", Pattern: `>=|<=|==|!=|[-+*/<>=,:]`},
		{Name: "EOL", Pattern: `\r?\n`},
		{Name: "Space", Pattern: `[ \t]+`},
		// Invalid takes any other character, so that the parser, not the
		// lexer, reports it, with the same kind of message as other errors.
		{Name: "Invalid", Pattern: `.`},
	},
	"Paren": {
		{Name: "ParenEOL", Pattern: `\r?\n`},
		{Name: "CloseParen", Pattern: `\)`, Action: lexer.Pop()},
		lexer.Include("Root"),
	},
}

var lexDef = lexer.MustStateful(lexRules)

var parser = participle.MustBuild[gFile](
	participle.Lexer(lexDef),
	participle.Elide("Comment", "Space", "ParenEOL"),
	participle.UseLookahead(4),
)

type gFile struct {
	Decls []*gDecl `parser:"EOL* ( @@ EOL* )*"`
}

type gDecl struct {
	Contract *gContract     `parser:"  @@"`
	Payment  *gPayment      `parser:"| @@"`
	Measure  *gMeasure      `parser:"| @@"`
	Level    *gServiceLevel `parser:"| @@"`
	Cap      *gCap          `parser:"| @@"`
	Notice   *gNotice       `parser:"| @@"`
	Source   *gSource       `parser:"| @@"`
	Test     *gTest         `parser:"| @@"`
}

// gTest is a test case of the contract: period data, inline or from a
// file, and the results it must give.
type gTest struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gString       `parser:"\"test\" @@ EOL+"`
	Clauses []*gTestClause `parser:"( @@ EOL+ )*"`
}

type gTestClause struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Data    *gString  `parser:"  \"data\" @@"`
	Columns []*gIdent `parser:"| \"columns\" @@ ( \",\" @@ )*"`
	Row     *gRow     `parser:"| \"row\" @@"`
	Ignore  bool      `parser:"| @( \"ignore\" \"notices\" )"`
	Expect  *gExpect  `parser:"| \"expect\" @@"`
}

type gRow struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Period *gPeriod `parser:"@@ \":\""`
	Cells  []*gCell `parser:"@@ ( \",\" @@ )*"`
}

// gCell is one value of an inline row, or "missing".
type gCell struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Missing bool      `parser:"  @\"missing\""`
	Value   *gLiteral `parser:"| @@"`
}

type gExpect struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Error     *gString      `parser:"  \"error\" @@"`
	NoNotices bool          `parser:"| @( \"no\" \"notices\" )"`
	Notice    *gExpectNote  `parser:"| \"notice\" @@"`
	Total     *gExpectTotal `parser:"| @@"`
	Level     *gExpectLevel `parser:"| @@"`
}

type gExpectNote struct {
	Kind   *gIdent  `parser:"@@"`
	Level  *gIdent  `parser:"( \"for\" @@ )?"`
	Period *gPeriod `parser:"\"in\" @@"`
}

type gExpectTotal struct {
	Period *gPeriod `parser:"@@?"`
	Net    bool     `parser:"( \"total\" \"deductions\" | @( \"net\" \"payment\" ) )"`
	Amount *gMoney  `parser:"@@"`
}

type gExpectLevel struct {
	Period      *gPeriod `parser:"@@"`
	Level       *gIdent  `parser:"@@"`
	Met         bool     `parser:"(  @\"met\""`
	Failed      bool     `parser:" | ( @\"failed\""`
	Missing     bool     `parser:"   | @\"missing\" )"`
	Tier        *gIdent  `parser:"   ( (?! \"deduction\") @@ )?"`
	NotAssessed bool     `parser:" | @( \"not\" \"assessed\" ) )"`
	Deduction   *gMoney  `parser:"( \"deduction\" @@ )?"`
}

type gIdent struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"@Ident"`
}

type gString struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  string `parser:"@String"`
}

type gRef struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   *gString `parser:"\"ref\" @@"`
}

type gContract struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Title   *gString           `parser:"\"contract\" @@ EOL+"`
	Clauses []*gContractClause `parser:"( @@ EOL+ )*"`
}

type gContractClause struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Currency *gIdent    `parser:"  \"currency\" @@"`
	Term     *gTerm     `parser:"| \"term\" @@"`
	Rounding *gRounding `parser:"| \"rounding\" @@"`
	Agreed   *gAgreed   `parser:"| \"deduction\" \"rates\" @@"`
	Zone     *gZone     `parser:"| \"time\" \"zone\" @@"`
	Business *gBusiness `parser:"| \"business\" \"hours\" @@"`
	Holidays *gHolidays `parser:"| \"holidays\" @@"`
	Ref      *gRef      `parser:"| @@"`
}

// gAgreed is the range of deduction rates the parties agreed, which the
// linter checks every rate against: "deduction rates 0.1% to 1.0%".
type gAgreed struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Low    *gPercent `parser:"@@"`
	High   *gPercent `parser:"\"to\" @@"`
}

// gZone is an IANA time zone name, written bare (America/Los_Angeles) or
// quoted.
type gZone struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Quoted *gString `parser:"  @@"`
	Parts  []string `parser:"| @Ident ( \"/\" @Ident )*"`
}

type gBusiness struct {
	Pos    lexer.Position
	EndPos lexer.Position
	First  *gIdent   `parser:"@@"`
	Last   *gIdent   `parser:"( \"to\" @@ )?"`
	More   []*gIdent `parser:"( \",\" @@ )*"`
	Open   *gClock   `parser:"@@"`
	Close  *gClock   `parser:"\"to\" @@"`
}

type gClock struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Hour   string `parser:"@Number \":\""`
	Minute string `parser:"@Number"`
}

type gHolidays struct {
	Pos    lexer.Position
	EndPos lexer.Position
	File   *gString `parser:"  \"from\" @@"`
	Dates  []*gDate `parser:"| @@ ( \",\" @@ )*"`
}

type gDate struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   string `parser:"@Date"`
}

type gTerm struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Start  *gPeriod `parser:"@@"`
	End    *gPeriod `parser:"\"to\" @@"`
	Gran   *gIdent  `parser:"@@"`
}

type gPeriod struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   string `parser:"@(Period | Number)"`
}

type gRounding struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Words  []string `parser:"@( \"half\" ( \"up\" | \"even\" ) | \"down\" )"`
}

type gPayment struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent    `parser:"\"payment\" @@"`
	Title   *gString   `parser:"@@?"`
	Amount  *gMoney    `parser:"\"=\" @@"`
	Per     *gIdent    `parser:"\"per\" @@ EOL+"`
	Clauses []*gRefRow `parser:"( @@ EOL+ )*"`
}

type gRefRow struct {
	Ref *gRef `parser:"@@"`
}

type gMeasure struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Name     *gIdent           `parser:"\"measure\" @@"`
	Title    *gString          `parser:"@@? \":\""`
	Reported bool              `parser:"@\"reported\"?"`
	Unit     *gIdent           `parser:"@@"`
	Expr     *gExpr            `parser:"( \"=\" @@ )? EOL+"`
	Clauses  []*gMeasureClause `parser:"( @@ EOL+ )*"`
}

// gMeasureClause is one line under a measure. Measures over records take
// their value from an aggregate line ("share of calls where ..."), narrowed
// by "among", "excluding" and "minimum sample" lines.
type gMeasureClause struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Ref       *gRef       `parser:"  @@"`
	Among     *gAmong     `parser:"| \"among\" @@"`
	Excluding *gExcluding `parser:"| \"excluding\" @@"`
	Minimum   *gMinimum   `parser:"| \"minimum\" \"sample\" @@"`
	Aggregate *gRecordAgg `parser:"| @@"`
}

type gAmong struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Source *gIdent `parser:"@@ \"where\""`
	Where  *gExpr  `parser:"@@"`
}

type gExcluding struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Source *gIdent  `parser:"@@ \"where\""`
	Where  *gExpr   `parser:"@@"`
	Reason *gString `parser:"( \"because\" @@ )?"`
}

type gMinimum struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Count  *gNumber `parser:"@@"`
	Noun   *gIdent  `parser:"@@"`
}

// gRecordAgg is the aggregate line of a measure over a source.
type gRecordAgg struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Count  *gIdent  `parser:"(  \"count\" @@"`
	Share  *gIdent  `parser:" | \"share\" \"of\" @@"`
	Uptime *gUptime `parser:" | \"uptime\" \"of\" @@"`
	Stat   *gStat   `parser:" | @@ )"`
	Where  *gExpr   `parser:"( \"where\" @@ )?"`
}

type gUptime struct {
	Source *gIdent `parser:"@@"`
	From   *gIdent `parser:"\"from\" @@"`
	To     *gIdent `parser:"\"to\" @@"`
}

type gStat struct {
	Func   *gIdent `parser:"@@ \"of\""`
	Value  *gSum   `parser:"@@"`
	Source *gIdent `parser:"\"over\" @@"`
}

// gSource declares a kind of raw record and its fields.
type gSource struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent          `parser:"\"source\" @@"`
	Title   *gString         `parser:"@@? EOL+"`
	Clauses []*gSourceClause `parser:"( @@ EOL+ )*"`
}

type gSourceClause struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Ref      *gRef   `parser:"  @@"`
	PeriodBy *gIdent `parser:"| \"period\" \"by\" @@"`
	Field    *gField `parser:"| \"field\" @@"`
}

type gField struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Name     *gIdent    `parser:"@@ \":\""`
	Optional bool       `parser:"@\"optional\"?"`
	Type     *gIdent    `parser:"@@"`
	In       *gIdent    `parser:"( \"in\" @@ )?"`
	OneOf    []*gString `parser:"( \"one\" \"of\" @@ ( \",\" @@ )* )?"`
}

type gServiceLevel struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent         `parser:"\"service\" \"level\" @@"`
	Title   *gString        `parser:"@@? EOL+"`
	Clauses []*gLevelClause `parser:"( @@ EOL+ )*"`
}

type gLevelClause struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Ref     *gRef      `parser:"  @@"`
	Target  *gTarget   `parser:"| @@"`
	Tier    *gTier     `parser:"| @@"`
	Deduct  *gDeduct   `parser:"| @@"`
	Missing *gMissing  `parser:"| @@"`
	Cap     *gLevelCap `parser:"| @@"`
	Sample  *gSample   `parser:"| @@"`
	Public  *gPublic   `parser:"| @@"`
}

type gPublic struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Keyword bool     `parser:"@\"public\""`
	Title   *gString `parser:"@@?"`
}

type gSample struct {
	Pos         lexer.Position
	EndPos      lexer.Position
	CountsAs    *gIdent `parser:"\"below\" \"minimum\" \"sample\" ( \"counts\" \"as\" @@"`
	NotAssessed bool    `parser:"  | \"is\" ( @\"not\" \"assessed\""`
	Assessed    bool    `parser:"         | @\"assessed\" ) )"`
	Ref         *gRef   `parser:"@@?"`
}

type gTarget struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Cond   *gExpr `parser:"\"target\" @@"`
}

type gTier struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *gIdent `parser:"\"tier\" @@"`
	Cond   *gExpr  `parser:"\"when\" @@"`
	Ref    *gRef   `parser:"@@?"`
}

type gDeduct struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Amount  *gAmount  `parser:"\"deduct\" @@"`
	PerUnit *gPerUnit `parser:"@@?"`
	When    *gIdent   `parser:"\"when\" @@"`
	Window  *gWindow  `parser:"@@?"`
	Ref     *gRef     `parser:"@@?"`
}

type gAmount struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Rate    *gPercent `parser:"(  @@"`
	Payment *gIdent   `parser:"   \"of\" @@"`
	Money   *gMoney   `parser:"| @@ )"`
}

type gPerUnit struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Count  string    `parser:"\"per\" @( \"full\" | \"started\" )?"`
	Unit   *gLiteral `parser:"@@ \"of\" \"shortfall\""`
}

type gWindow struct {
	Pos         lexer.Position
	EndPos      lexer.Position
	Count       *gNumber `parser:"\"in\" @@"`
	Consecutive bool     `parser:"( @\"consecutive\""`
	Last        *gNumber `parser:"| \"of\" \"the\" \"last\" @@ ) ( \"period\" | \"periods\" )"`
}

type gMissing struct {
	Pos         lexer.Position
	EndPos      lexer.Position
	CountsAs    *gIdent `parser:"\"missing\" \"value\" ( \"counts\" \"as\" @@"`
	NotAssessed bool    `parser:"  | \"is\" ( @\"not\" \"assessed\""`
	IsError     bool    `parser:"         | \"an\" @\"error\" ) )"`
	Ref         *gRef   `parser:"@@?"`
}

type gLevelCap struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Amount *gAmount `parser:"\"cap\" \"at\" @@"`
	Ref    *gRef    `parser:"@@?"`
}

type gCap struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Amount  *gAmount      `parser:"\"cap\" \"total\" \"deductions\" \"at\" @@ EOL+"`
	Clauses []*gCapClause `parser:"( @@ EOL+ )*"`
}

type gCapClause struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Ref     *gRef `parser:"  @@"`
	Lost    bool  `parser:"| \"excess\" ( @( \"is\" \"lost\" )"`
	Forward bool  `parser:"           | @( \"carries\" \"forward\" ) )"`
}

type gNotice struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *gIdent          `parser:"\"notice\" @@"`
	Title   *gString         `parser:"@@? EOL+"`
	Clauses []*gNoticeClause `parser:"( @@ EOL+ )*"`
}

type gNoticeClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Ref    *gRef       `parser:"  @@"`
	When   *gCondition `parser:"| \"when\" @@"`
}

type gCondition struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Level  *gLevelPred  `parser:"(  @@"`
	Total  *gTotalPred  `parser:" | @@"`
	Notice *gNoticePred `parser:" | @@"`
	Expr   *gExpr       `parser:" | @@ )"`
	Window *gWindow     `parser:"@@?"`
}

type gLevelPred struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Same    bool     `parser:"(  @( \"the\" \"same\" \"service\" \"level\" )"`
	Any     bool     `parser:" | @( \"any\" \"service\" \"level\" )"`
	AtLeast *gNumber `parser:" | \"at\" \"least\" @@ \"service\" \"levels\""`
	Named   *gIdent  `parser:" | \"service\" \"level\" @@ )"`
	Fails   bool     `parser:"(  @( \"fails\" | \"fail\" )"`
	NotAss  bool     `parser:" | ( \"is\" | \"are\" ) ( @( \"not\" \"assessed\" )"`
	Outcome *gIdent  `parser:"                    | @@ ) )"`
}

type gTotalPred struct {
	Pos        lexer.Position
	EndPos     lexer.Position
	ReachesCap bool   `parser:"\"total\" \"deductions\" ( @( \"reach\" \"the\" \"cap\" )"`
	Op         string `parser:"  | @( \">=\" | \"<=\" | \">\" | \"<\" | \"==\" | \"!=\" )"`
	Amount     *gSum  `parser:"    @@ )"`
}

type gNoticePred struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Notice *gIdent `parser:"\"notice\" @@ \"is\" \"issued\""`
}

// Expressions, one struct per precedence level, loosest first.

type gExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gAnd   `parser:"@@"`
	Rest   []*gAnd `parser:"( \"or\" @@ )*"`
}

type gAnd struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gNot   `parser:"@@"`
	Rest   []*gNot `parser:"( \"and\" @@ )*"`
}

type gNot struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Not    bool  `parser:"@\"not\"?"`
	Cmp    *gCmp `parser:"@@"`
}

type gCmp struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Left    *gSum       `parser:"@@"`
	Op      string      `parser:"( @( \">=\" | \"<=\" | \"==\" | \"!=\" | \">\" | \"<\" )"`
	Right   *gSum       `parser:"  @@"`
	Within  *gWithin    `parser:"| \"within\" @@"`
	Missing *gIsMissing `parser:"| \"is\" @@ )?"`
}

// gWithin is a deadline: "acknowledged_at within 4h of opened_at" or
// "within 4 business hours of opened_at".
type gWithin struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Duration string `parser:"(  @Duration"`
	Hours    string `parser:" | @Number"`
	Business bool   `parser:"    @\"business\" ( \"hours\" | \"hour\" ) )"`
	Start    *gSum  `parser:"\"of\" @@"`
}

type gIsMissing struct {
	Not bool `parser:"@\"not\"? \"missing\""`
}

type gSum struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gProduct   `parser:"@@"`
	Rest   []*gSumTail `parser:"@@*"`
}

type gSumTail struct {
	Op      string    `parser:"@( \"+\" | \"-\" )"`
	Operand *gProduct `parser:"@@"`
}

type gProduct struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *gUnary         `parser:"@@"`
	Rest   []*gProductTail `parser:"@@*"`
}

type gProductTail struct {
	Op      string  `parser:"@( \"*\" | \"/\" )"`
	Operand *gUnary `parser:"@@"`
}

type gUnary struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Neg     bool      `parser:"( @\"-\""`
	Operand *gUnary   `parser:"  @@ )"`
	Primary *gPrimary `parser:"| @@"`
}

type gPrimary struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Literal   *gLiteral   `parser:"  @@"`
	Aggregate *gAggregate `parser:"| @@"`
	Call      *gCall      `parser:"| @@"`
	Lag       *gLag       `parser:"| @@"`
	Text      *gString    `parser:"| @@"`
	Ident     *gIdent     `parser:"| @@"`
	Paren     *gExpr      `parser:"| \"(\" @@ \")\""`
}

type gLiteral struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Money    string `parser:"  @Money"`
	Percent  string `parser:"| @Percent"`
	Duration string `parser:"| @Duration"`
	Number   string `parser:"| @Number"`
}

type gPercent struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   string `parser:"@Percent"`
}

type gMoney struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   string `parser:"@Money"`
}

type gNumber struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Text   string `parser:"@Number"`
}

type gAggregate struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Func    *gIdent  `parser:"@@"`
	Measure *gIdent  `parser:"\"of\" @@"`
	Prior   bool     `parser:"\"over\" ( @\"prior\""`
	Last    bool     `parser:"       | @\"last\" )"`
	Count   *gNumber `parser:"@@ ( \"period\" | \"periods\" )"`
	Else    *gUnary  `parser:"\"else\" @@"`
}

type gCall struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Func   *gIdent  `parser:"@@ \"(\""`
	Args   []*gExpr `parser:"( @@ ( \",\" @@ )* )? \")\""`
}

type gLag struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Measure *gIdent  `parser:"@@ \"from\""`
	Count   *gNumber `parser:"@@ ( \"period\" | \"periods\" ) \"ago\""`
	Else    *gUnary  `parser:"\"else\" @@"`
}
