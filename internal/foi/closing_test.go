// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"reflect"
	"strings"
	"testing"
)

// wdtkFooter is WhatDoTheyKnow's footer as its mailer lays it out
// (Alaveteli's outgoing_mailer/initial_request and _followup_footer).
const wdtkFooter = `-------------------------------------------------------------------

Please use this email address for all replies to this request:
request-1234567-8a9b0c1d@whatdotheyknow.com

Is foi@council.example the wrong address for Freedom of Information requests to Example Borough Council? If so, please contact us using this form:
https://www.whatdotheyknow.com/change_request/new?body=example_borough_council

Disclaimer: This message and any reply that you make will be published on the internet. Our privacy and copyright policies:
https://www.whatdotheyknow.com/help/officers

If you find this service useful as an FOI officer, please ask your web manager to link to us from your organisation's FOI page.

-------------------------------------------------------------------`

func TestSplitRequestKeepsTheClosingOutOfTheParts(t *testing.T) {
	type q = Question
	tests := []struct {
		name, text string
		signers    []string
		want       []q
		closing    string
	}{
		{"yours faithfully and name", "1. How many?\n2. How much?\n\nYours faithfully,\nPriya Sender", nil,
			[]q{{"1", "How many?"}, {"2", "How much?"}}, "Yours faithfully,\nPriya Sender"},
		{"valediction and name on one line", "1. How many?\n2. How much?\nYours faithfully, Priya Sender", nil,
			[]q{{"1", "How many?"}, {"2", "How much?"}}, "Yours faithfully, Priya Sender"},
		{"yours sincerely", "Please send the list.\n\nYours sincerely\n\nPriya Sender", nil,
			[]q{{"1", "Please send the list."}}, "Yours sincerely\n\nPriya Sender"},
		{"kind regards", "1. How many?\n2. How much?\n\nKind regards,\nPriya", nil,
			[]q{{"1", "How many?"}, {"2", "How much?"}}, "Kind regards,\nPriya"},
		{"best wishes", "1. a?\n2. b?\nBest wishes\nPriya Sender", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Best wishes\nPriya Sender"},
		{"many thanks", "1. a?\n2. b?\n\nMany thanks,\nPriya", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Many thanks,\nPriya"},
		{"thanks with name", "1. a?\n2. b?\nThanks, Priya", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Thanks, Priya"},
		{"thanks without comma", "1. a?\n2. b?\nThanks Priya", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Thanks Priya"},
		{"regards", "1. a?\n2. b?\nRegards\nP. Sender", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Regards\nP. Sender"},
		{"cheers", "1. a?\n2. b?\n\nCheers!\nPriya", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Cheers!\nPriya"},
		{"capitals", "1. a?\n2. b?\nYOURS FAITHFULLY\nPRIYA SENDER", nil, []q{{"1", "a?"}, {"2", "b?"}}, "YOURS FAITHFULLY\nPRIYA SENDER"},
		{"thank-you lead-in before the sign-off", "1. a?\n2. b?\n\nThank you for your help with this request.\n\nYours faithfully,\nPriya Sender", nil,
			[]q{{"1", "a?"}, {"2", "b?"}}, "Thank you for your help with this request.\n\nYours faithfully,\nPriya Sender"},
		{"look forward", "1. a?\n2. b?\nI look forward to hearing from you.\nRegards, Priya", nil,
			[]q{{"1", "a?"}, {"2", "b?"}}, "I look forward to hearing from you.\nRegards, Priya"},
		{"thank you alone at the end", "1. a?\n2. b?\n\nThanks in advance.", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Thanks in advance."},
		{"signature delimiter", "1. a?\n2. b?\n-- \nPriya Sender\nResearcher, Example Trust\n07700 900123", nil,
			[]q{{"1", "a?"}, {"2", "b?"}}, "--\nPriya Sender\nResearcher, Example Trust\n07700 900123"},
		{"sent from my iPhone", "Please send the fleet list.\n\nSent from my iPhone", nil, []q{{"1", "Please send the fleet list."}}, "Sent from my iPhone"},
		{"outlook mobile", "1. a?\n2. b?\n\nGet Outlook for Android", nil, []q{{"1", "a?"}, {"2", "b?"}}, "Get Outlook for Android"},
		{"WhatDoTheyKnow request", "Dear Example Borough Council,\n\nPlease send me:\n\n1. How many?\n2. How much?\n\nYours faithfully,\n\nPriya Sender\n\n" + wdtkFooter, nil,
			[]q{{"1", "How many?"}, {"2", "How much?"}}, "Yours faithfully,\n\nPriya Sender\n\n" + wdtkFooter},
		{"WhatDoTheyKnow footer without a sign-off", "1. How many?\n2. How much?\n\n" + wdtkFooter, nil,
			[]q{{"1", "How many?"}, {"2", "How much?"}}, wdtkFooter},
		{"confidentiality footer", "1. a?\n2. b?\n\nThis email and any attachments are confidential and intended solely for the addressee.", nil,
			[]q{{"1", "a?"}, {"2", "b?"}}, "This email and any attachments are confidential and intended solely for the addressee."},
		{"the requester's bare name at the end", "1. a?\n2. b?\n\nPriya Sender", []string{"Priya Sender"}, []q{{"1", "a?"}, {"2", "b?"}}, "Priya Sender"},
		{"continuation paragraphs stay", "1. How many?\nBy year, please.\n2. How much?\n\nIn pounds, not thousands.\n\nKind regards\nPriya", nil,
			[]q{{"1", "How many?\nBy year, please."}, {"2", "How much?\n\nIn pounds, not thousands."}}, "Kind regards\nPriya"},

		// Near misses: question text that starts like a closing stays.
		{"thanks to in a question", "1. a?\n2. How much?\nThanks to the new policy, how many left?", nil,
			[]q{{"1", "a?"}, {"2", "How much?\nThanks to the new policy, how many left?"}}, ""},
		{"regards as a verb", "1. a?\n2. What does the council do\nregards the car parks?", nil,
			[]q{{"1", "a?"}, {"2", "What does the council do\nregards the car parks?"}}, ""},
		{"best value", "1. a?\n2. Please send the\nBest Value Review of 2019", nil,
			[]q{{"1", "a?"}, {"2", "Please send the\nBest Value Review of 2019"}}, ""},
		{"a rule that is no footer", "1. a?\n2. b:\n-----\nc", nil, []q{{"1", "a?"}, {"2", "b:\n-----\nc"}}, ""},
		{"a valediction on the question's own line", "1. a?\n2. Kind regards to the team: how many?", nil,
			[]q{{"1", "a?"}, {"2", "Kind regards to the team: how many?"}}, ""},
		{"one word only", "Thanks", nil, []q{{"1", "Thanks"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := SplitRequest(tt.text, tt.signers...)
			if !reflect.DeepEqual(sp.Questions, tt.want) {
				t.Errorf("questions:\n got %q\nwant %q", sp.Questions, tt.want)
			}
			if sp.Closing != tt.closing {
				t.Errorf("closing:\n got %q\nwant %q", sp.Closing, tt.closing)
			}
			for _, q := range sp.Questions {
				if strings.Contains(q.Text, "Priya") {
					t.Errorf("a part holds the requester's name: %q", q.Text)
				}
			}
		})
	}
}

func TestSplitRequestSeedUnchanged(t *testing.T) {
	sp := SplitRequest(seedRequest, "A Requester")
	if sp.Preamble != seedPreamble || !reflect.DeepEqual(sp.Questions, seedQuestions) || sp.Closing != "" {
		t.Errorf("the seed split differently: %q %q %q", sp.Preamble, sp.Questions, sp.Closing)
	}
	// With a sign-off, the seven questions are the same and the sign-off is the closing.
	sp = SplitRequest(seedRequest + "\nYours faithfully,\nPriya Sender\n")
	if !reflect.DeepEqual(sp.Questions, seedQuestions) || sp.Closing != "Yours faithfully,\nPriya Sender" {
		t.Errorf("the seed with a sign-off: %q, closing %q", sp.Questions, sp.Closing)
	}
}
