package csvread_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/engine/measure/csvread"
)

func ExampleReader() {
	input := "2026-01-05T08:31:12,answered,37,5,0\r\n" +
		"2026-01-05T08:32:40,\"abandoned, caller hung up\",0,12,1\r\n"

	r := csvread.NewReader(strings.NewReader(input))
	for r.Next() {
		fields := r.Fields()
		fmt.Printf("line %d: %q\n", r.Line(), fields[1])
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// line 1: "answered"
	// line 2: "abandoned, caller hung up"
}

// A caller with a "skip bad records" option reports each ParseError and
// calls Recover to continue with the next line.
func ExampleReader_Recover() {
	input := "case-1,open\n" +
		"case-2,\"escalated\"x\n" +
		"case-3,closed\n"

	r := csvread.NewReader(strings.NewReader(input))
	for {
		for r.Next() {
			fmt.Printf("%s\n", r.Fields()[0])
		}
		var parseErr *csvread.ParseError
		if !errors.As(r.Err(), &parseErr) {
			break
		}
		fmt.Println("skipped:", parseErr)
		if !r.Recover() {
			break
		}
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// case-1
	// skipped: line 2, column 19: unexpected text after closing quote; double the quote inside a quoted field ("")
	// case-3
}
