// SPDX-License-Identifier: AGPL-3.0-or-later

// Package observe is what operators see of a running Disclose: Prometheus
// metrics (the HTTP latency of each route, and counts read from the
// database when scraped), an access log, and the structured logger that
// keeps personal data out of log lines.
package observe

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"disclose/internal/foi"
)

// Metrics holds the series of one process.
type Metrics struct {
	reg  *prometheus.Registry
	http *prometheus.HistogramVec
}

// scrapeTimeout bounds the database reads of one scrape.
const scrapeTimeout = 5 * time.Second

// NewMetrics registers the process's series. store's gauges are read on
// each scrape; today gives the UK date that decides what is overdue.
func NewMetrics(store foi.GaugeReader, today func() time.Time, log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.http = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "disclose_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern (never the raw path: it can hold references and tokens) and status code.",
		// From a cached page (1 ms) to a large export.
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "code"})
	m.reg.MustRegister(m.http,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&storeCollector{store: store, today: today, log: log})
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelError)})
}

// observe records one answered request.
func (m *Metrics) observe(route string, code int, d time.Duration) {
	m.http.WithLabelValues(route, strconv.Itoa(code)).Observe(d.Seconds())
}

var (
	descUp        = prometheus.NewDesc("disclose_database_up", "1 if the last scrape could read the database, 0 if not.", nil, nil)
	descOutbox    = prometheus.NewDesc("disclose_outbox_messages", "Outgoing emails not yet sent (queued, sending) and failed (held for staff).", []string{"status"}, nil)
	descInDoubt   = prometheus.NewDesc("disclose_outbox_in_doubt_messages", "Failed emails that may have been delivered: staff must check.", nil, nil)
	descInbound   = prometheus.NewDesc("disclose_inbound_messages", "Inbound emails accepted and stored, by what became of them (holding-pen: held for staff to sort).", []string{"status"}, nil)
	descCases     = prometheus.NewDesc("disclose_cases_open", "Cases not yet finished, by status.", []string{"status"}, nil)
	descOverdue   = prometheus.NewDesc("disclose_cases_overdue", "Cases whose statutory clock runs past their due date.", nil, nil)
	descJobRuns   = prometheus.NewDesc("disclose_job_runs_finished", "Finished runs of each scheduled job (one a day at most).", []string{"job"}, nil)
	descJobLast   = prometheus.NewDesc("disclose_job_last_finished_timestamp_seconds", "When each scheduled job last finished, as a Unix time.", []string{"job"}, nil)
	outboxStates  = []foi.OutboxStatus{foi.OutboxQueued, foi.OutboxSending, foi.OutboxFailed}
	inboundStates = []foi.InboundStatus{foi.InboundNew, foi.InboundRequestCreated, foi.InboundThreaded, foi.InboundHoldingPen, foi.InboundIgnored}
)

// storeCollector reads the gauges from the database at each scrape, so
// every process reports the same shared numbers.
type storeCollector struct {
	store foi.GaugeReader
	today func() time.Time
	log   *slog.Logger
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descUp, descOutbox, descInDoubt, descInbound, descCases, descOverdue, descJobRuns, descJobLast} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	g, err := c.store.Gauges(ctx, c.today())
	if err != nil {
		c.log.Error("metrics: reading the database", "err", err)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 1)
	for _, st := range outboxStates {
		ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(g.Outbox[st]), string(st))
	}
	ch <- prometheus.MustNewConstMetric(descInDoubt, prometheus.GaugeValue, float64(g.OutboxInDoubt))
	for _, st := range inboundStates {
		ch <- prometheus.MustNewConstMetric(descInbound, prometheus.GaugeValue, float64(g.Inbound[st]), string(st))
	}
	for _, st := range foi.OpenStatuses {
		ch <- prometheus.MustNewConstMetric(descCases, prometheus.GaugeValue, float64(g.Cases[st]), string(st))
	}
	ch <- prometheus.MustNewConstMetric(descOverdue, prometheus.GaugeValue, float64(g.Overdue))
	for _, j := range g.Jobs {
		ch <- prometheus.MustNewConstMetric(descJobRuns, prometheus.GaugeValue, float64(j.Finished), j.Job)
		if !j.LastFinished.IsZero() {
			ch <- prometheus.MustNewConstMetric(descJobLast, prometheus.GaugeValue, float64(j.LastFinished.Unix()), j.Job)
		}
	}
}
