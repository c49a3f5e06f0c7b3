// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// hostileZip writes a zip whose parts are given as a fixed head, a tail,
// and a unit repeated until the part reaches size bytes decompressed:
// highly compressible, so a few megabytes of file expand to hundreds.
type hostilePart struct {
	name, head, unit, tail string
	size                   int
}

func hostileZip(t testing.TB, parts ...hostilePart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		bw.WriteString(p.head)
		if p.unit != "" {
			chunk := strings.Repeat(p.unit, (64<<10)/len(p.unit)+1)
			for n := len(p.head); n < p.size; n += len(chunk) {
				bw.WriteString(chunk)
			}
		}
		bw.WriteString(p.tail)
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	ctTypes  = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`
	wbXML    = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	wbRels   = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	sheetTop = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetEnd = `</sheetData></worksheet>`
)

// hostileFiles are crafted uploads of a few megabytes each that expand to
// just under the 8×MaxBytes budget (512 MB by default) in their XML parts.
func hostileFiles(t testing.TB, size int) map[string][]byte {
	workbook := func(extra ...hostilePart) []byte {
		parts := []hostilePart{{name: "[Content_Types].xml", head: ctTypes}, {name: "xl/workbook.xml", head: wbXML}, {name: "xl/_rels/workbook.xml.rels", head: wbRels}}
		return hostileZip(t, append(parts, extra...)...)
	}
	return map[string][]byte{
		// Millions of one-letter shared strings.
		"strings.xlsx": workbook(
			hostilePart{name: "xl/sharedStrings.xml", head: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, unit: `<si><t>x</t></si>`, tail: `</sst>`, size: size},
			hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop + `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` + sheetEnd}),
		// Millions of tiny cells, each holding an e-mail address, in hidden rows and in view.
		"cells.xlsx": workbook(
			hostilePart{name: "xl/sharedStrings.xml", head: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>jane.doe@example.org</t></si></sst>`},
			hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop + `<row r="1">`, unit: `<c t="s"><v>0</v></c>`, tail: `</row>` + sheetEnd, size: size}),
		// Elements nested millions deep.
		"nested.xlsx": workbook(
			hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop, unit: `<a>`, size: size}),
		// One paragraph of millions of runs, and one text node of hundreds of megabytes.
		"paragraph.docx": hostileZip(t,
			hostilePart{name: "[Content_Types].xml", head: ctTypes},
			hostilePart{name: "word/document.xml", head: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>`, unit: `<w:r><w:t>ab</w:t></w:r>`, tail: `</w:p></w:body></w:document>`, size: size / 2},
			hostilePart{name: "word/comments.xml", head: `<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment><w:p><w:r><w:t>`, unit: `aaaaaaaa`, tail: `</w:t></w:r></w:p></w:comment></w:comments>`, size: size / 2}),
	}
}

// TestParallelHostileUploadsStayUnder300MiB inspects four crafted files at
// once in a fresh process and reads its peak resident memory (VmHWM):
// streamed parts, a retention budget per inspection and a process-wide
// limit on files inspected at once keep it under 300 MiB, where reading
// whole parts took gigabytes.
func TestParallelHostileUploadsStayUnder300MiB(t *testing.T) {
	if os.Getenv("DISCLOSE_INSPECT_MEMCHILD") == "1" {
		memoryChild(t)
		return
	}
	if testing.Short() {
		t.Skip("inspects four files of 480 MB decompressed each")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestParallelHostileUploadsStayUnder300MiB$", "-test.v")
	cmd.Env = append(os.Environ(), "DISCLOSE_INSPECT_MEMCHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var base, peak int
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(strings.TrimSpace(line)); len(f) == 3 && f[0] == "MEMORY" {
			base, _ = strconv.Atoi(f[1])
			peak, _ = strconv.Atoi(f[2])
		}
	}
	if peak == 0 {
		t.Fatalf("no measurement in:\n%s", out)
	}
	t.Logf("peak RSS %d MiB (%d MiB before inspecting)\n%s", peak>>10, base>>10, out)
	if peak > 300<<10 {
		t.Errorf("peak RSS %d MiB, want under 300 MiB", peak>>10)
	}
}

func memoryChild(t *testing.T) {
	files := hostileFiles(t, 480<<20)
	runtime.GC()
	base := vmHWM(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for name, data := range files {
		t.Logf("%s: %d KB", name, len(data)>>10)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs := File(name, data, Options{Requester: []string{"Amara Okafor"}})
			mu.Lock()
			defer mu.Unlock()
			kinds := map[string]int{}
			for _, f := range fs {
				kinds[f.Kind]++
			}
			t.Logf("%s: %v", name, kinds)
			for _, f := range fs {
				if f.Kind == "unreadable" || f.Kind == "more-findings" {
					t.Logf("  %s", f)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("MEMORY %d %d\n", base, vmHWM(t))
}

// vmHWM reads the process's peak resident set size in KiB.
func vmHWM(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

// Each bound, on a file just past it: the inspection stops with a finding
// that says why, never silently and never by holding the whole part.
func TestMemoryBoundsEachGiveAFinding(t *testing.T) {
	book := func(parts ...hostilePart) []byte {
		base := []hostilePart{{name: "[Content_Types].xml", head: ctTypes}, {name: "xl/workbook.xml", head: wbXML}, {name: "xl/_rels/workbook.xml.rels", head: wbRels}}
		return hostileZip(t, append(base, parts...)...)
	}
	sst := `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	var many strings.Builder
	many.WriteString(sheetTop + `<row r="1">`)
	for i := 0; i < maxFindings+500; i++ {
		fmt.Fprintf(&many, `<c r="A%d" t="inlineStr"><is><t>person%d@example.org</t></is></c>`, i+1, i)
	}
	many.WriteString(`</row>` + sheetEnd)
	tests := []struct {
		name, kind, why string
		data            []byte
	}{
		{"deep nesting", "unreadable", "nests elements more than 512 deep", book(hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop, unit: `<a>`, size: 600 * 3})},
		{"shared-string flood", "unreadable", "more strings, cells or parts than can be checked",
			book(hostilePart{name: "xl/sharedStrings.xml", head: sst, unit: `<si><t>x</t></si>`, tail: `</sst>`, size: 16 << 20},
				hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop + sheetEnd})},
		{"one huge text node", "unreadable", "a single text or tag is longer than",
			book(hostilePart{name: "xl/sharedStrings.xml", head: sst + `<si><t>`, unit: `abcdefgh`, tail: `</t></si></sst>`, size: 5 << 20},
				hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop + sheetEnd})},
		{"one cell of many runs", "unreadable", "a single cell, row or paragraph holds more than",
			book(hostilePart{name: "xl/worksheets/sheet1.xml", head: sheetTop + `<row r="1"><c r="A1" t="inlineStr"><is>`, unit: `<r><t>abcdefgh</t></r>`, tail: `</is></c></row>` + sheetEnd, size: 14 << 20})},
		{"too many findings", "more-findings", "500 more findings were not listed",
			book(hostilePart{name: "xl/worksheets/sheet1.xml", head: many.String()})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := File("hostile.xlsx", tt.data, Options{})
			for _, f := range fs {
				if f.Kind == tt.kind && strings.Contains(f.Why, tt.why) {
					if tt.kind == "more-findings" && len(fs) != maxFindings+1 {
						t.Errorf("%d findings, want %d and the count of the rest", len(fs), maxFindings)
					}
					return
				}
			}
			t.Fatalf("no %s finding saying %q; got %d findings, first:\n%s", tt.kind, tt.why, len(fs), describe(fs[:min(len(fs), 3)]))
		})
	}
}
