// SPDX-License-Identifier: AGPL-3.0-or-later

package logbench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"

	"time"
)

// Agreement is how alike two servers' first pages of results are for the
// same searches: the quality beside a speed (two engines holding the same
// log should find the same entries first).
type Agreement struct {
	Queries  int     // searches compared
	Overlap  float64 // mean share of the top TopN of one found in the top TopN of the other
	TopN     int
	BothNone int // searches neither found anything for
	OneNone  int // searches only one of the two found anything for
	// Totals is how many searches counted the same number of matches
	// (both at the counting limit counts as the same).
	Totals int
}

func (a Agreement) String() string {
	return fmt.Sprintf("top-%d overlap %.1f%% over %d searches (%d found nothing on both, %d on one only; totals equal for %d)",
		a.TopN, 100*a.Overlap, a.Queries, a.BothNone, a.OneNone, a.Totals)
}

// Compare asks both servers for the first page of each search through the
// JSON API and measures how far their top topN references agree.
func Compare(ctx context.Context, baseA, baseB string, queries []string, topN int) (Agreement, error) {
	client := &http.Client{Timeout: 60 * time.Second}
	type page struct {
		Total   int `json:"total"`
		Results []struct {
			Reference string `json:"reference"`
		} `json:"results"`
	}
	get := func(base, q string) (page, error) {
		var p page
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/disclosures?"+url.Values{"q": {q}}.Encode(), nil)
		if err != nil {
			return p, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return p, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return p, fmt.Errorf("GET %s?q=%s: status %d", base, q, resp.StatusCode)
		}
		return p, json.NewDecoder(resp.Body).Decode(&p)
	}
	a := Agreement{TopN: topN}
	var sum float64
	for _, q := range queries {
		pa, err := get(baseA, q)
		if err != nil {
			return a, err
		}
		pb, err := get(baseB, q)
		if err != nil {
			return a, err
		}
		a.Queries++
		if pa.Total == pb.Total {
			a.Totals++
		}
		na, nb := min(len(pa.Results), topN), min(len(pb.Results), topN)
		switch {
		case na == 0 && nb == 0:
			a.BothNone++
			sum++
			continue
		case na == 0 || nb == 0:
			a.OneNone++
			continue
		}
		inB := map[string]bool{}
		for _, r := range pb.Results[:nb] {
			inB[r.Reference] = true
		}
		common := 0
		for _, r := range pa.Results[:na] {
			if inB[r.Reference] {
				common++
			}
		}
		sum += float64(common) / float64(min(na, nb))
	}
	if a.Queries > 0 {
		a.Overlap = sum / float64(a.Queries)
	}
	return a, nil
}

// SearchThroughput runs the query mix (Queries, first pages through the
// JSON API) from clients concurrent clients for d, client i asking
// bases[i % len(bases)]: with two servers on one database, the pair's
// throughput beside one's.
func SearchThroughput(ctx context.Context, bases []string, clients int, d time.Duration) Throughput {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return hammer(ctx, client, bases, clients, d, 99,
		func(r *rand.Rand) string {
			return "/api/v1/disclosures?" + url.Values{"q": {Queries[r.IntN(len(Queries))]}}.Encode()
		},
		func(body io.Reader) error {
			var p struct {
				Results []json.RawMessage `json:"results"`
			}
			return json.NewDecoder(body).Decode(&p)
		})
}
