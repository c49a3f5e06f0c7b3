package postgres

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// pool is a small connection pool over pgx.Conn.
//
// Why not pgxpool: it needs github.com/jackc/puddle/v2 and golang.org/x/sync,
// which the module does not require, and a store needs little of it: a
// bounded set of connections, reused while healthy and idle. Swapping to
// pgxpool later only touches this file and Store.conn.
type pool struct {
	cfg *pgx.ConnConfig
	sem chan struct{} // one token per open or opening connection in use

	mu     sync.Mutex
	idle   []idleConn
	closed bool
}

type idleConn struct {
	c     *pgx.Conn
	since time.Time
}

// maxIdleTime is how long an unused connection is kept; older ones are
// closed rather than trusted (the server or a proxy may have dropped them).
const maxIdleTime = 5 * time.Minute

// defaultMaxConns is the pool size unless the DSN says pool_max_conns.
const defaultMaxConns = 10

// newPool parses dsn. It accepts pgxpool's pool_max_conns parameter so that
// the same DSN works for both.
func newPool(dsn string) (*pool, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	max := defaultMaxConns
	if v, ok := cfg.RuntimeParams["pool_max_conns"]; ok {
		delete(cfg.RuntimeParams, "pool_max_conns")
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, errors.New("pool_max_conns must be a positive number")
		}
		max = n
	}
	return &pool{cfg: cfg, sem: make(chan struct{}, max)}, nil
}

var errPoolClosed = errors.New("postgres: store is closed")

// acquire returns a connection for the caller's sole use until release.
func (p *pool) acquire(ctx context.Context) (*pgx.Conn, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.sem
		return nil, errPoolClosed
	}
	var stale []*pgx.Conn
	var c *pgx.Conn
	for len(p.idle) > 0 && c == nil {
		ic := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if ic.c.IsClosed() || time.Since(ic.since) > maxIdleTime {
			stale = append(stale, ic.c)
			continue
		}
		c = ic.c
	}
	p.mu.Unlock()
	for _, s := range stale {
		s.Close(context.Background())
	}
	if c != nil {
		return c, nil
	}
	c, err := pgx.ConnectConfig(ctx, p.cfg.Copy())
	if err != nil {
		<-p.sem
		return nil, err
	}
	return c, nil
}

// release gives a connection back. One that is broken, busy or still in a
// transaction (a panic in the middle of Update) is closed, not reused.
func (p *pool) release(c *pgx.Conn) {
	defer func() { <-p.sem }()
	pc := c.PgConn()
	p.mu.Lock()
	if p.closed || c.IsClosed() || pc.IsBusy() || pc.TxStatus() != 'I' {
		p.mu.Unlock()
		c.Close(context.Background())
		return
	}
	p.idle = append(p.idle, idleConn{c: c, since: time.Now()})
	p.mu.Unlock()
}

// close closes the idle connections and makes later acquires fail;
// connections in use are closed when they are released.
func (p *pool) close() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, ic := range idle {
		ic.c.Close(context.Background())
	}
}
