// SPDX-License-Identifier: AGPL-3.0-or-later

// Package pgtest gives tests a real PostgreSQL: a throwaway server started
// from the installed binaries (once per test binary) and a fresh, empty
// database for every caller.
//
// The server is started on loopback with its data and socket in a temporary
// directory. When the tests run as root (as they do on our machines and in
// CI) initdb and postgres run as the unprivileged "postgres" OS user,
// because PostgreSQL refuses to run as root. The server is tied to the test
// process: it is sent SIGQUIT (immediate shutdown) by the kernel if the test
// process dies, so no orphan survives a panic or a timeout.
//
// Environment:
//
//	DISCLOSE_SKIP_POSTGRES=1      skip the tests that need PostgreSQL (never skipped otherwise)
//	DISCLOSE_TEST_POSTGRES=DSN    use this existing server instead of starting one
//	DISCLOSE_PG_BIN=DIR           where initdb and postgres are (default: /usr/lib/postgresql/*/bin, 15 preferred)
//	DISCLOSE_PG_USER=NAME         the OS user to run as when root (default: postgres)
//
// If PostgreSQL cannot be found or does not start, the test fails with the
// reason: a missing database must never pass silently.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PreferredVersion is the PostgreSQL major version used when several are installed.
const PreferredVersion = "15"

// startTimeout bounds how long the server may take to accept connections.
const startTimeout = 30 * time.Second

// Start returns the DSN (a postgres:// URL on 127.0.0.1) of a new, empty
// database on the shared test server, which it starts on first use. The
// database is dropped when the test ends. The server runs with fsync off:
// fast, but a crash of the machine loses what it held.
func Start(t testing.TB) string {
	t.Helper()
	return start(t, &fast)
}

// StartDurable is Start on a second server that keeps fsync and
// synchronous_commit on, for tests of what survives a crash.
func StartDurable(t testing.TB) string {
	t.Helper()
	return start(t, &durable)
}

// Main runs the tests and then stops the servers this binary started. Use it
// from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) (code int) {
	defer Stop()
	return m.Run()
}

// Stop shuts down the servers this binary started and removes their files.
// Main calls it; tests that do not use Main leave the server to die with
// the process.
func Stop() {
	for _, s := range []*server{&fast, &durable} {
		s.once.Do(func() { s.err = errors.New("pgtest: stopped") })
		if s.stop != nil {
			s.stop()
		}
	}
}

// Binaries returns the directory holding initdb and postgres: DISCLOSE_PG_BIN
// if set, else the newest /usr/lib/postgresql/*/bin (PreferredVersion if it
// is there), else the directory of initdb on PATH.
func Binaries() (dir string, err error) {
	if dir := os.Getenv("DISCLOSE_PG_BIN"); dir != "" {
		return dir, checkBinaries(dir)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if filepath.Base(filepath.Dir(d)) == PreferredVersion && checkBinaries(d) == nil {
			return d, nil
		}
	}
	for _, d := range dirs {
		if checkBinaries(d) == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil && checkBinaries(filepath.Dir(p)) == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin or on PATH " +
		"(install postgresql, set DISCLOSE_PG_BIN, point DISCLOSE_TEST_POSTGRES at a server, " +
		"or set DISCLOSE_SKIP_POSTGRES=1 to skip these tests)")
}

func pgVersion(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func checkBinaries(dir string) error {
	for _, name := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("no %s in %s: %w", name, dir, err)
		}
	}
	return nil
}

// server is one test server, started at most once.
type server struct {
	durable bool
	once    sync.Once
	admin   string // DSN of the maintenance database
	err     error
	stop    func()
}

var (
	fast    = server{}
	durable = server{durable: true}
	dbSeq   atomic.Int64
)

func start(t testing.TB, s *server) string {
	t.Helper()
	if os.Getenv("DISCLOSE_SKIP_POSTGRES") == "1" {
		t.Skip("PostgreSQL tests skipped: DISCLOSE_SKIP_POSTGRES=1")
	}
	s.once.Do(func() {
		if dsn := os.Getenv("DISCLOSE_TEST_POSTGRES"); dsn != "" {
			s.admin = dsn
			return
		}
		s.admin, s.stop, s.err = launch(s.durable)
	})
	if s.err != nil {
		t.Fatalf("pgtest: cannot start PostgreSQL: %v", s.err)
	}

	// Test binaries of several packages may share an external server, so
	// the name carries the process id as well as a counter.
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		t.Fatalf("pgtest: connect to the test server: %v", err)
	}
	defer conn.Close(context.Background())
	// template0 is always pristine, even on a server someone else set up.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, s.admin)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") // best effort
	})
	dsn, err := withDatabase(s.admin, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// withDatabase returns dsn with its database replaced by name.
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("bad DSN: %w", err)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	// A keyword/value DSN: a later dbname wins.
	return dsn + " dbname=" + name, nil
}

// launch runs initdb and starts postgres in a new temporary directory. It
// returns the maintenance DSN and a function that stops the server and
// removes the directory.
func launch(durable bool) (admin string, stop func(), err error) {
	bin, err := Binaries()
	if err != nil {
		return "", nil, err
	}
	removeStaleDirs()
	dir, err := os.MkdirTemp("", "disclose-pgtest-")
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return "", nil, err
	}
	cred, err := credential(dir)
	if err != nil {
		return "", nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data,
		"-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
	initdb.Dir = dir
	initdb.Env = pgEnv()
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
	if out, err := initdb.CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("initdb (%s) failed: %v\n%s", bin, err, tail(out))
	}

	// Another test binary may take the free port between our probe and
	// postgres binding it; try again with a new one.
	var stopServer func()
	for attempt := 1; ; attempt++ {
		admin, stopServer, err = run(bin, dir, data, cred, durable)
		if err == nil || !errors.Is(err, errPortTaken) || attempt == 5 {
			break
		}
	}
	if err != nil {
		return "", nil, err
	}
	return admin, func() { stopServer(); os.RemoveAll(dir) }, nil
}

var errPortTaken = errors.New("port taken")

// run starts postgres on a free port and waits until it accepts connections.
func run(bin, dir, data string, cred *syscall.Credential, durable bool) (string, func(), error) {
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	logPath := filepath.Join(dir, "postgres.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return "", nil, err
	}
	defer logFile.Close() // the child has its own descriptor
	args := []string{"-D", data, "-k", dir, "-h", "127.0.0.1", "-p", strconv.Itoa(port),
		"-c", "max_connections=200", "-c", "log_min_messages=warning"}
	if !durable {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Dir = dir
	cmd.Env = pgEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its
	// backends down with it. The kernel sends it when the thread that
	// started postgres ends, so that thread is kept for the server's life.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	started := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with this goroutine, after postgres
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		cmd.Wait()
		close(exited)
	}()
	if err := <-started; err != nil {
		return "", nil, fmt.Errorf("start postgres: %w", err)
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, admin)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return admin, stop, nil
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(logPath)
			if bytes.Contains(log, []byte("could not bind")) || bytes.Contains(log, []byte("already in use")) {
				return "", nil, fmt.Errorf("%w: %d", errPortTaken, port)
			}
			return "", nil, fmt.Errorf("postgres exited before accepting connections (%s); log:\n%s", cmd.ProcessState, tail(log))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(logPath)
			return "", nil, fmt.Errorf("postgres did not accept connections within %v (last error: %v); log:\n%s",
				startTimeout, err, tail(log))
		}
	}
}

// credential returns the user to run PostgreSQL as: nil (ourselves) unless
// we are root, when it is DISCLOSE_PG_USER or "postgres", and dir is handed
// to that user.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	name := os.Getenv("DISCLOSE_PG_USER")
	if name == "" {
		name = "postgres"
	}
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL needs an unprivileged OS user %q (set DISCLOSE_PG_USER to use another): %w", name, err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("user %s: %w", name, err)
	}
	if err := os.Chown(dir, int(uid), int(gid)); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// pgEnv is the environment for initdb and postgres: ours, in the C locale.
func pgEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return append(env, "LC_ALL=C", "LANG=C")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// removeStaleDirs removes the directories of test servers whose test
// process died without cleaning up (killed, or Main not used).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "disclose-pgtest-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.RemoveAll(d)
		}
	}
}

// tail returns the last lines of a log, enough to see why it failed.
func tail(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}
