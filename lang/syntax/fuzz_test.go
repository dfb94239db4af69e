package syntax_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
	"golang.org/x/tools/txtar"
)

// seedPatterns match the files that seed FuzzParse: the example
// contracts, the parser's golden files and the checker's test contracts.
var seedPatterns = []string{"../../contracts/*.pacta", goldenDir + "/*.txtar", "../../testdata/check/*.pacta"}

// FuzzParse parses arbitrary text and, when it parses, dumps and checks
// it. None of these may panic, Parse and Check must each return exactly
// one of a result or errors, and every node of a parsed file must have a
// position.
func FuzzParse(f *testing.F) {
	for _, pattern := range seedPatterns {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		if len(paths) == 0 {
			f.Fatalf("no seed files match %s", pattern)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			if filepath.Ext(p) != ".txtar" {
				f.Add(data)
				continue
			}
			for _, file := range txtar.Parse(data).Files {
				if file.Name == "input.pacta" {
					f.Add(file.Data)
				}
			}
		}
	}

	f.Fuzz(func(t *testing.T, src []byte) {
		file, errs := syntax.Parse("fuzz.pacta", src)
		if file == nil && errs == nil {
			t.Fatal("Parse returned neither a file nor errors")
		}
		if errs != nil && !errs.HasErrors() {
			t.Fatal("Parse returned a list without errors")
		}
		if file == nil {
			return
		}
		checkSpans(t, file)
		_ = syntax.Dump(file)

		c, cerrs := check.Check(file)
		if (c == nil) == (cerrs == nil) {
			t.Fatalf("Check returned contract %v and errors %v", c != nil, cerrs)
		}
		if cerrs != nil && !cerrs.HasErrors() {
			t.Fatal("Check returned a list without errors")
		}
	})
}

var nodeType = reflect.TypeFor[syntax.Node]()

// checkSpans reports every node of f whose span does not start on a line
// of the file or ends before it starts.
func checkSpans(t *testing.T, f *syntax.File) {
	t.Helper()
	var visit func(v reflect.Value, path string)
	visit = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				visit(v.Elem(), path)
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if v.Type().Implements(nodeType) {
				sp := v.Interface().(syntax.Node).Span()
				if sp.Start.Line < 1 {
					t.Errorf("%s (%s): span starts at line %d", path, v.Type(), sp.Start.Line)
				}
				if sp.End.Before(sp.Start) {
					t.Errorf("%s (%s): span ends at %d:%d, before its start %d:%d",
						path, v.Type(), sp.End.Line, sp.End.Col, sp.Start.Line, sp.Start.Col)
				}
			}
			visit(v.Elem(), path)
		case reflect.Slice:
			for i := range v.Len() {
				visit(v.Index(i), path+"["+strconv.Itoa(i)+"]")
			}
		case reflect.Struct:
			for i := range v.NumField() {
				field := v.Type().Field(i)
				if field.IsExported() {
					visit(v.Field(i), path+"."+field.Name)
				}
			}
		}
	}
	visit(reflect.ValueOf(f.Decls), "Decls")
	visit(reflect.ValueOf(f.Comments), "Comments")
}
