// SPDX-License-Identifier: AGPL-3.0-or-later

package mailtest

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Dovecot is a running Dovecot IMAP server with one mailbox.
type Dovecot struct {
	Addr     string // host:port of its IMAPS (TLS) listener
	User     string
	Password string
	Roots    *x509.CertPool // trusts its self-signed certificate
	CertPEM  []byte         // that certificate, for a process to trust (SSL_CERT_FILE)
}

// StartDovecot starts Debian's Dovecot on loopback with one user, IMAPS
// only, its mail and state in a temporary directory. As root (our machines
// and CI) it runs as the unprivileged "dovecot" user the package creates
// (DISCLOSE_DOVECOT_USER to change).
func StartDovecot(t testing.TB, mailUser, password string) *Dovecot {
	t.Helper()
	bin := "/usr/sbin/dovecot"
	if _, err := os.Stat(bin); err != nil {
		t.Fatal("mailtest: dovecot is not installed: run scripts/test, or apt-get install dovecot-imapd")
	}
	runAs, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		name := os.Getenv("DISCLOSE_DOVECOT_USER")
		if name == "" {
			name = "dovecot"
		}
		if runAs, err = user.Lookup(name); err != nil {
			t.Fatalf("mailtest: user %s to run dovecot as: %v", name, err)
		}
	}
	uid, _ := strconv.Atoi(runAs.Uid)
	gid, _ := strconv.Atoi(runAs.Gid)
	group, err := user.LookupGroupId(runAs.Gid)
	if err != nil {
		t.Fatal(err)
	}

	// Not t.TempDir: its parents are private to root, and Dovecot runs
	// as another user.
	dir, err := os.MkdirTemp("", "disclose-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	d := &Dovecot{Addr: FreePort(t), User: mailUser, Password: password, Roots: x509.NewCertPool()}
	host, port, _ := net.SplitHostPort(d.Addr)
	certPEM, keyPEM := SelfSignedCert(t, host)
	d.Roots.AppendCertsFromPEM(certPEM)
	d.CertPEM = certPEM
	conf := fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = %[2]s
ssl = required
ssl_cert = <%[1]s/cert.pem
ssl_key = <%[1]s/key.pem
auth_mechanisms = plain login
default_internal_user = %[4]s
default_internal_group = %[5]s
default_login_user = %[4]s
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[4]s gid=%[5]s home=%[1]s/home/%%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = %[2]s
    port = %[3]s
  }
  chroot =
}
service anvil {
  chroot =
}
service auth {
  user = %[4]s
}
service auth-worker {
  user = %[4]s
}
`, dir, host, port, runAs.Username, group.Name)
	files := map[string][]byte{
		"dovecot.conf": []byte(conf), "cert.pem": certPEM, "key.pem": keyPEM,
		"passwd": []byte(mailUser + ":{PLAIN}" + password + "\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, sub := range []string{"run", "state", "home"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() == 0 {
		filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err == nil {
				err = os.Chown(p, uid, gid)
			}
			return err
		})
	}
	cmd := exec.Command(bin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailtest: starting dovecot: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := d.login(); err == nil {
			c.Close()
			return d
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Fatalf("mailtest: dovecot did not start within 20s:\n%s\n%s", out.String(), log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (d *Dovecot) login() (*imapclient.Client, error) {
	host, _, _ := net.SplitHostPort(d.Addr)
	c, err := imapclient.DialTLS(d.Addr, &imapclient.Options{TLSConfig: tlsConfig(host, d.Roots)})
	if err != nil {
		return nil, err
	}
	if err := c.Login(d.User, d.Password).Wait(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Deliver appends a message to the INBOX, unseen, as a mail server's
// delivery would, with the given arrival time.
func (d *Dovecot) Deliver(t testing.TB, raw []byte, arrived time.Time) {
	t.Helper()
	c, err := d.login()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: arrived})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("IMAP APPEND: %v", err)
	}
}

// Unseen returns how many messages in the INBOX are not flagged \Seen.
func (d *Dovecot) Unseen(t testing.TB) int {
	t.Helper()
	c, err := d.login()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return len(found.AllUIDs())
}

// MarkAllUnseen clears \Seen from every message, as if the flag had never
// been stored (a crash between storing a message and flagging it).
func (d *Dovecot) MarkAllUnseen(t testing.TB) {
	t.Helper()
	c, err := d.login()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	all := imap.SeqSet{}
	all.AddRange(1, 0) // 1:*
	if err := c.Store(all, &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
}
