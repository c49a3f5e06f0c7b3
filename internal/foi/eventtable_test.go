// SPDX-License-Identifier: AGPL-3.0-or-later

package foi_test

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/foi"
)

// eventConstants finds every constant named Event… with a string value
// written in the module's Go code (internal/ and cmd/), so a new event
// type cannot be added without its row in the table.
func eventConstants(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{} // code -> where
	fset := token.NewFileSet()
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				g, ok := decl.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(name.Name, "Event") || i >= len(vs.Values) {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue // an alias of another constant (casework's of foi's)
						}
						found[constant.StringVal(constant.MakeFromLiteral(lit.Value, lit.Kind, 0))] = path + ": " + name.Name
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

func TestEveryEventConstantHasARow(t *testing.T) {
	consts := eventConstants(t)
	if len(consts) < 40 {
		t.Fatalf("found only %d event constants: the scan is broken", len(consts))
	}
	for code, where := range consts {
		if _, ok := foi.LookupEvent(code); !ok {
			t.Errorf("%s declares event %q, which foi.EventTable has no row for: add it there", where, code)
		}
	}
	seen := map[string]bool{}
	for _, k := range foi.EventTable {
		if seen[k.Code] {
			t.Errorf("event %q has two rows", k.Code)
		}
		seen[k.Code] = true
		if k.Staff == "" || k.Staff == k.Code || k.By == "" {
			t.Errorf("event %q needs its staff label (in words) and who records it", k.Code)
		}
		if _, ok := consts[k.Code]; !ok {
			t.Errorf("the table's event %q is not a constant in the code", k.Code)
		}
	}
}

// A clock event moves the status, is told to the requester in words, and
// some form asks for it; the API's list is exactly these.
func TestClockEventsInTheTable(t *testing.T) {
	var clock []string
	for _, k := range foi.EventTable {
		if !k.ClockEvent() {
			if k.To != "" || len(k.Ask) > 0 {
				t.Errorf("%q has a status to move to or a form, but no status to start from", k.Code)
			}
			continue
		}
		clock = append(clock, k.Code)
		if k.To == "" || k.Requester == "" || !k.Asks(foi.FormAPI) {
			t.Errorf("clock event %q needs the status it leads to, the requester's wording and the API form", k.Code)
		}
	}
	if strings.Join(clock, ",") != strings.Join(foi.ClockEvents, ",") || !foi.IsClockEvent(foi.EventFeePaid) || foi.IsClockEvent(foi.EventViewed) {
		t.Errorf("ClockEvents %v is not the table's clock events %v", foi.ClockEvents, clock)
	}
}
