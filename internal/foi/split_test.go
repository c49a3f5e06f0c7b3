// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"disclose/internal/seedcase"
)

// seedRequest is the request of FOI 12748 as published, between the lines
// "Request:" and "Response:" of internal/seedcase/foi-12748-thurrock-placements.txt
// (trailing spaces included), so that the test stands alone.
const seedRequest = `
I would like to request the following information under the Freedom of Information Act (2000) regarding the use of Social Value in your organisation’s commissioning processes for care and accommodation services for Children Looked After.

1. The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.

Does your organisation give consideration to Social Value in commissioning the following services? 
• Independent Fostering Agencies (IFAs) 
• Residential children’s homes and/or parent and child units 
• 16+ semi-independent accommodation 
• Accommodation services for unaccompanied asylum-seeking children

2. If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?

3. How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?

4. If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?

5. How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?

6. What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?

7. What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?
`

// seedQuestions is what the seed request must split into.
var seedQuestions = []Question{
	{"1", "The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.\n" +
		"\n" +
		"Does your organisation give consideration to Social Value in commissioning the following services?\n" +
		"• Independent Fostering Agencies (IFAs)\n" +
		"• Residential children’s homes and/or parent and child units\n" +
		"• 16+ semi-independent accommodation\n" +
		"• Accommodation services for unaccompanied asylum-seeking children"},
	{"2", "If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?"},
	{"3", "How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?"},
	{"4", "If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?"},
	{"5", "How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?"},
	{"6", "What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?"},
	{"7", "What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?"},
}

const seedPreamble = "I would like to request the following information under the Freedom of Information Act (2000) regarding the use of Social Value in your organisation’s commissioning processes for care and accommodation services for Children Looked After."

func TestSplitQuestionsSeed(t *testing.T) {
	t.Run("inline", func(t *testing.T) {
		checkSeed(t, seedRequest)
	})
	t.Run("file", func(t *testing.T) {
		text := readSeedRequest(t)
		if text != seedRequest {
			t.Errorf("the seed file's request differs from the inline copy in this test; update seedRequest")
		}
		checkSeed(t, text)
	})
	t.Run("windows line endings", func(t *testing.T) {
		checkSeed(t, strings.ReplaceAll(seedRequest, "\n", "\r\n"))
	})
}

func checkSeed(t *testing.T, text string) {
	t.Helper()
	preamble, qs := SplitQuestions(text)
	if preamble != seedPreamble {
		t.Errorf("preamble:\n got %q\nwant %q", preamble, seedPreamble)
	}
	if len(qs) != 7 {
		t.Fatalf("got %d questions, want 7: %q", len(qs), qs)
	}
	for i := range qs {
		if qs[i] != seedQuestions[i] {
			t.Errorf("question %d:\n got %q\nwant %q", i+1, qs[i], seedQuestions[i])
		}
	}
}

// readSeedRequest is the request section of the project's copy of the
// seed (internal/seedcase), line for line as published.
func readSeedRequest(t *testing.T) string {
	t.Helper()
	lines := strings.Split(seedcase.Raw(), "\n")
	start, end := -1, -1
	for i, l := range lines {
		switch strings.TrimSpace(l) {
		case "Request:":
			start = i + 1
		case "Response:":
			end = i
		}
	}
	if start < 0 || end < start {
		t.Fatal("internal/seedcase: the seed has no Request: ... Response: section")
	}
	return strings.Join(lines[start:end], "\n")
}

func TestSplitQuestions(t *testing.T) {
	type q = Question
	tests := []struct {
		name     string
		text     string
		preamble string
		want     []Question
	}{
		{
			name: "empty",
			text: "",
		},
		{
			name: "only spaces",
			text: " \r\n\t\u00a0\n",
		},
		{
			name: "no numbers: the whole text is question 1",
			text: "  Please send me the council's fleet list.\n\nThank you.  \n",
			want: []q{{"1", "Please send me the council's fleet list."}}, // "Thank you." is the closing
		},
		{
			name: "dot",
			text: "1. How many?\n2. How much?",
			want: []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name: "paren",
			text: "1) How many?\n2) How much?",
			want: []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name: "wrapped",
			text: "(1) How many?\n(2) How much?",
			want: []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name: "Q",
			text: "Q1 How many?\nQ2. How much?\nQ3: Who?\nq4) When?",
			want: []q{{"Q1", "How many?"}, {"Q2", "How much?"}, {"Q3", "Who?"}, {"q4", "When?"}},
		},
		{
			name: "Question",
			text: "Question 1: How many?\nQuestion 2 How much?\nQUESTION 3 - Who?\nQuestion 4 – When?",
			want: []q{{"Question 1", "How many?"}, {"Question 2", "How much?"}, {"QUESTION 3", "Who?"}, {"Question 4", "When?"}},
		},
		{
			name:     "lettered list only",
			text:     "Please tell me:\n(a) How many?\n(b) How much?",
			preamble: "Please tell me:",
			want:     []q{{"a", "How many?"}, {"b", "How much?"}},
		},
		{
			name: "letters with a paren",
			text: "a) How many?\nb) How much?\nc) Who?",
			want: []q{{"a", "How many?"}, {"b", "How much?"}, {"c", "Who?"}},
		},
		{
			name: "capital letters with a dot",
			text: "A. How many?\nB. How much?",
			want: []q{{"A", "How many?"}, {"B", "How much?"}},
		},
		{
			name:     "preamble, blank lines and a sign-off",
			text:     "Dear FOI team,\n\nUnder the Act please provide:\n\n1. How many?\n\n\n2. How much?\n\nYours faithfully,\nA Requester",
			preamble: "Dear FOI team,\n\nUnder the Act please provide:",
			want:     []q{{"1", "How many?"}, {"2", "How much?"}}, // the sign-off is the closing
		},
		{
			name: "nested letters stay in their numbered question",
			text: "1. For each year:\n(a) how many;\n(b) how much.\n2. Who decides?\n  a) the cabinet\n  b) officers",
			want: []q{{"1", "For each year:\n(a) how many;\n(b) how much."}, {"2", "Who decides?\n  a) the cabinet\n  b) officers"}},
		},
		{
			name: "a nested numbered list of another style stays in its question",
			text: "1. Figures for:\n(1) 2019\n(2) 2020\n(3) 2021\n2. Who decides?",
			want: []q{{"1", "Figures for:\n(1) 2019\n(2) 2020\n(3) 2021"}, {"2", "Who decides?"}},
		},
		{
			name: "a nested list in the last question",
			text: "1. Who decides?\n2. Figures for:\n(1) 2019\n(2) 2020\n(3) 2021",
			want: []q{{"1", "Who decides?"}, {"2", "Figures for:\n(1) 2019\n(2) 2020\n(3) 2021"}},
		},
		{
			name: "bullets and continuation paragraphs",
			text: "1. Which of these do you use?\n• Agency A\n- Agency B\n* Agency C\n· Agency D\n– Agency E\n\nPlease include costs.\n2. Next",
			want: []q{{"1", "Which of these do you use?\n• Agency A\n- Agency B\n* Agency C\n· Agency D\n– Agency E\n\nPlease include costs."}, {"2", "Next"}},
		},
		{
			name: "number alone on its line",
			text: "1.\nHow many?\n2.\nHow much?",
			want: []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name:     "Windows line endings and no-break spaces",
			text:     "Context\r\n1.\u00a0How many?\r\n\r\n2.\u00a0\u00a0How much?\r\n",
			preamble: "Context",
			want:     []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name: "indented markers",
			text: "  1. How many?\n\t2. How much?",
			want: []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name:     "a year is not a question",
			text:     "In 2012 the council changed supplier.\n2012. The year it all changed.\n1. Who was the supplier?\n2. What did it cost?",
			preamble: "In 2012 the council changed supplier.\n2012. The year it all changed.",
			want:     []q{{"1", "Who was the supplier?"}, {"2", "What did it cost?"}},
		},
		{
			name: "a percentage or a decimal is not a question",
			text: "1. What share of the budget?\n3% of the budget was spent last year.\n1.5 million people live here.\n2. Why?",
			want: []q{{"1", "What share of the budget?\n3% of the budget was spent last year.\n1.5 million people live here."}, {"2", "Why?"}},
		},
		{
			name: "numbers out of sequence are text",
			text: "1. How many?\n3. This is not question 3.\n2. How much?\n2. A repeated 2 is text.",
			want: []q{{"1", "How many?\n3. This is not question 3."}, {"2", "How much?\n2. A repeated 2 is text."}},
		},
		{
			name: "a list must start at 1",
			text: "2. This is not a question.\n3. Nor this.",
			want: []q{{"1", "2. This is not a question.\n3. Nor this."}},
		},
		{
			name:     "a stray 1 before the list",
			text:     "1. Background: I asked before.\n\nMy questions:\n1. How many?\n2. How much?",
			preamble: "1. Background: I asked before.\n\nMy questions:",
			want:     []q{{"1", "How many?"}, {"2", "How much?"}},
		},
		{
			name: "a name with initials is not a lettered list",
			text: "A. N. Other wrote to the council.\nA council officer replied.\nPlease send the reply.",
			want: []q{{"1", "A. N. Other wrote to the council.\nA council officer replied.\nPlease send the reply."}},
		},
		{
			name: "letters must start at a",
			text: "b) not a question\nc) nor this",
			want: []q{{"1", "b) not a question\nc) nor this"}},
		},
		{
			name: "a lone letter is not a list",
			text: "a) something\nand more",
			want: []q{{"1", "a) something\nand more"}},
		},
		{
			name:     "a lone number with punctuation is a question",
			text:     "Please provide:\n1. The fleet list.",
			preamble: "Please provide:",
			want:     []q{{"1", "The fleet list."}},
		},
		{
			name: "a lone Q1 without punctuation is not a question",
			text: "Q1 2023 figures were late.\nPlease send them.",
			want: []q{{"1", "Q1 2023 figures were late.\nPlease send them."}},
		},
		{
			name: "prose starting with Question is not a question",
			text: "Question 1 of my last request was not answered.\nPlease answer it.",
			want: []q{{"1", "Question 1 of my last request was not answered.\nPlease answer it."}},
		},
		{
			name:     "the longest list wins over a short one elsewhere",
			text:     "(1) See my earlier request.\nQ1. How many?\nQ2. How much?\nQ3. Who?",
			preamble: "(1) See my earlier request.",
			want:     []q{{"Q1", "How many?"}, {"Q2", "How much?"}, {"Q3", "Who?"}},
		},
		{
			name: "numbers and text on the same line",
			text: "1. How many staff? Please break down by grade.\n2. How much? In pounds.",
			want: []q{{"1", "How many staff? Please break down by grade."}, {"2", "How much? In pounds."}},
		},
		{
			name: "an empty question is dropped",
			text: "1.\n2. How much?",
			want: []q{{"2", "How much?"}},
		},
		{
			name: "only empty questions: the whole text",
			text: "1.\n2.",
			want: []q{{"1", "1.\n2."}},
		},
		{
			name: "two-digit numbers",
			text: "1. a\n2. b\n3. c\n4. d\n5. e\n6. f\n7. g\n8. h\n9. i\n10. j\n11. k",
			want: []q{{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}, {"5", "e"}, {"6", "f"}, {"7", "g"}, {"8", "h"}, {"9", "i"}, {"10", "j"}, {"11", "k"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			preamble, got := SplitQuestions(tt.text)
			if preamble != tt.preamble {
				t.Errorf("preamble:\n got %q\nwant %q", preamble, tt.preamble)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("questions:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// markerPattern is an independent statement of what may be dropped from a
// request as a question's marker.
var markerPattern = regexp.MustCompile(`^[ \t]*(?i:\(\d{1,3}\)|\d{1,3}[.)]|q\.?[ ]*\d{1,3}[ ]*(?:[.:)\-–—])?|question[ ]*\d{1,3}[ ]*(?:[.:)\-–—])?|\([a-z]\)|[a-z][.)])[ \t]*$`)

// stripSpace removes every space (and byte-order marks, which the splitter
// drops at the start of a line) so texts can be compared for lost
// characters.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

// FuzzSplitQuestions checks, for any text:
//   - it never panics and takes well under 2s;
//   - every question's text is non-empty and trimmed;
//   - nothing is lost but markers: removing spaces from both sides, the
//     input equals the preamble followed by each split question's marker
//     and text (including questions dropped because they were empty), and
//     every marker matches markerPattern; or, when the text has no numbered
//     questions, the one question is the whole text.
func FuzzSplitQuestions(f *testing.F) {
	f.Add(seedRequest)
	f.Add("1. How many?\n(a) x\n(b) y\n2. How much?\n• one\n- two")
	f.Add("Q1: x\r\nQ2. y\r\nQuestion 3 - z")
	f.Add("(a) x\n(b) y\nA. N. Other\n2012. year\n3% of")
	f.Add("1.\n2.\n\u00a0\ufeff3)")
	f.Add("1)\n01)")        // empty questions only: the preamble goes too
	f.Add("\xce\ufeff\x95") // dropping the mark must not join the bytes
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		sp := SplitRequest(text)
		preamble, qs := sp.Preamble, sp.Questions
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("took %v", d)
		}
		for _, q := range qs {
			if q.Text == "" || q.Text != strings.TrimSpace(q.Text) {
				t.Fatalf("question %q: text empty or untrimmed: %q", q.Label, q.Text)
			}
			if q.Label == "" {
				t.Fatalf("question with no label: %q", q.Text)
			}
		}
		if preamble != strings.TrimSpace(preamble) {
			t.Fatalf("untrimmed preamble %q", preamble)
		}
		want := stripSpace(text)
		if want == "" {
			if preamble != "" || len(qs) != 0 {
				t.Fatalf("blank text gave %q, %q", preamble, qs)
			}
			return
		}
		if len(qs) == 0 {
			t.Fatal("non-blank text gave no questions")
		}
		p, items := splitText(text)
		// Strip each piece on its own: joining pieces could join the bytes
		// of invalid UTF-8 at their ends into a different character.
		var b strings.Builder
		b.WriteString(stripSpace(p))
		kept := 0
		for _, it := range items {
			if !markerPattern.MatchString(it.Marker) {
				t.Fatalf("dropped %q, which is not a marker", it.Marker)
			}
			b.WriteString(stripSpace(it.Marker))
			b.WriteString(stripSpace(it.Text))
			if it.Text != "" {
				kept++
			}
		}
		if kept == 0 {
			// No numbered questions: the whole text is question 1.
			if len(qs) != 1 || preamble != "" || stripSpace(qs[0].Text)+stripSpace(sp.Closing) != want {
				t.Fatalf("no numbered questions, yet got %q, %q", preamble, qs)
			}
			return
		}
		if p != preamble {
			t.Fatalf("preamble %q differs from split's %q", preamble, p)
		}
		// The closing is the end of the last question's text, taken off it.
		last := items[len(items)-1]
		for i := len(items) - 1; i >= 0 && items[i].Text == ""; i-- {
			last = items[max(i-1, 0)]
		}
		if sp.Closing != "" && (!strings.HasSuffix(stripSpace(last.Text), stripSpace(sp.Closing)) ||
			stripSpace(qs[len(qs)-1].Text)+stripSpace(sp.Closing) != stripSpace(last.Text)) {
			t.Fatalf("closing %q is not the end of the last question %q", sp.Closing, last.Text)
		}
		if got := b.String(); got != want {
			t.Fatalf("characters lost or changed:\n got %q\nwant %q", got, want)
		}
		if kept != len(qs) {
			t.Fatalf("%d non-empty items but %d questions", kept, len(qs))
		}
	})
}
