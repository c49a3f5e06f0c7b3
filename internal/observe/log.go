// SPDX-License-Identifier: AGPL-3.0-or-later

package observe

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
)

// NewLogger returns the process's logger, writing text or JSON lines to w
// (--log-format). Every string it writes, from a message, an attribute or
// an error, has email addresses masked: an SMTP server's refusal quotes
// the recipient, and a requester's address must never reach a log.
// Callers log ids, kinds and route patterns, never names or texts.
func NewLogger(w io.Writer, format string) (*slog.Logger, error) {
	var h slog.Handler
	switch format {
	case "text", "":
		h = slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: maskAttr})
	case "json":
		h = slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: maskAttr})
	default:
		return nil, fmt.Errorf("unknown log format %q: want text or json", format)
	}
	return slog.New(maskMessage{h}), nil
}

// email matches an address well enough to mask it wherever it appears.
var email = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// Mask replaces every email address in s.
func Mask(s string) string { return email.ReplaceAllString(s, "[email]") }

func maskAttr(_ []string, a slog.Attr) slog.Attr {
	switch v := a.Value.Resolve(); v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(Mask(v.String()))
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			a.Value = slog.StringValue(Mask(x.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(Mask(x.String()))
		}
	}
	return a
}

// maskMessage masks the message itself, which ReplaceAttr does not see.
type maskMessage struct{ slog.Handler }

func (h maskMessage) Handle(ctx context.Context, r slog.Record) error {
	if email.MatchString(r.Message) {
		nr := slog.NewRecord(r.Time, r.Level, Mask(r.Message), r.PC)
		r.Attrs(func(a slog.Attr) bool { nr.AddAttrs(a); return true })
		r = nr
	}
	return h.Handler.Handle(ctx, r)
}

func (h maskMessage) WithAttrs(as []slog.Attr) slog.Handler {
	return maskMessage{h.Handler.WithAttrs(as)}
}

func (h maskMessage) WithGroup(name string) slog.Handler {
	return maskMessage{h.Handler.WithGroup(name)}
}
