// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// deployFile reads a file of deploy/.
func deployFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shellWords splits a command line as sh would for the simple words a
// Containerfile's RUN uses: blanks separate, double and single quotes group.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

// containerBuild returns the environment and arguments of the `go build`
// in deploy/Containerfile's build stage, and the file it writes (-o).
func containerBuild(t *testing.T) (env, args []string, out string) {
	t.Helper()
	stage := ""
	sc := bufio.NewScanner(strings.NewReader(deployFile(t, "Containerfile")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if f := strings.Fields(line); len(f) >= 4 && strings.EqualFold(f[0], "FROM") && strings.EqualFold(f[2], "AS") {
			stage = f[3]
		}
		cmd, ok := strings.CutPrefix(line, "RUN ")
		if !ok || stage != "build" || !strings.Contains(cmd, "go build") {
			continue
		}
		words := shellWords(cmd)
		for len(words) > 0 && strings.Contains(words[0], "=") {
			env, words = append(env, words[0]), words[1:]
		}
		if len(words) < 2 || words[0] != "go" || words[1] != "build" {
			t.Fatalf("Containerfile: cannot read the build command %q", cmd)
		}
		args = words[2:]
		for i, a := range args {
			if a == "-o" && i+1 < len(args) {
				out = args[i+1]
			}
		}
		return env, args, out
	}
	t.Fatal("Containerfile: no RUN go build in the stage named build")
	return nil, nil, ""
}

// The container image is built by the `go build` in deploy/Containerfile:
// the test runs that same command (its -o pointed into a temporary
// directory) and checks the binary is static, as the image needs, and
// names its commit. The final stage copies that file and runs as a user
// that is not root.
func TestContainerfileBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	env, args, out := containerBuild(t)
	if out == "" {
		t.Fatal("the Containerfile's go build has no -o")
	}
	src, head := checkout(t)
	bin := filepath.Join(t.TempDir(), "disclose")
	for i, a := range args {
		if a == out {
			args[i] = bin
		}
	}
	goBuild(t, src, env, args...)
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("the container's binary is dynamically linked (it has an interpreter): env %v", env)
		}
	}
	f.Close()
	if v, err := exec.Command(bin, "version").Output(); err != nil || !strings.Contains(string(v), "revision "+head) {
		t.Errorf("disclose version of the container's build: %q %v, want revision %s", v, err, head)
	}

	cf := deployFile(t, "Containerfile")
	final := cf[strings.LastIndex(cf, "\nFROM "):]
	if !strings.Contains(final, "COPY --from=build "+out+" ") {
		t.Errorf("the final stage does not copy %s from the build stage", out)
	}
	user := ""
	for _, line := range strings.Split(final, "\n") {
		if u, ok := strings.CutPrefix(strings.TrimSpace(line), "USER "); ok {
			user = u
		}
	}
	if name, _, _ := strings.Cut(user, ":"); name == "" || name == "0" || name == "root" {
		t.Errorf("the image runs as %q, want a user that is not root", user)
	}
}

// deploy/disclose.service passes `systemd-analyze verify` (run against a
// root holding the unit, the built binary where ExecStart looks, and this
// machine's systemd units), which reports nothing about it; a copy with a
// bad value is reported, so the check can fail. The unit keeps the
// hardening the operations guide promises.
func TestSystemdUnitVerifies(t *testing.T) {
	unit := deployFile(t, "disclose.service")
	for _, want := range []string{"User=disclose", "ProtectSystem=strict", "StateDirectory=disclose", "NoNewPrivileges=yes",
		"PrivateTmp=yes", "ProtectHome=yes", "KillSignal=SIGTERM", "--trusted-proxies", "--behind-tls"} {
		if !strings.Contains(unit, "\n"+want) && !strings.Contains(unit, " "+want) {
			t.Errorf("disclose.service lacks %s", want)
		}
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (apt-get install systemd; scripts/test installs it): the unit was not verified")
	}
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildDisclose(t)
	root := t.TempDir()
	for _, d := range []string{"usr/local/bin", "etc/systemd/system", "usr/lib/systemd"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("cp", "-a", "/usr/lib/systemd/system", filepath.Join(root, "usr/lib/systemd/")).CombinedOutput(); err != nil {
		t.Fatalf("copying the system's units: %v\n%s", err, out)
	}
	if out, err := exec.Command("cp", bin, filepath.Join(root, "usr/local/bin/disclose")).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	verify := func(name, content string) (string, error) {
		p := filepath.Join(root, "etc/systemd/system", name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(analyze, "verify", "--root="+root, p).CombinedOutput()
		var about []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, name) {
				about = append(about, line)
			}
		}
		return strings.Join(about, "\n"), err
	}
	if about, err := verify("disclose.service", unit); err != nil || about != "" {
		t.Errorf("systemd-analyze verify disclose.service: %v\n%s", err, about)
	}
	// The daily backup and retention: its shell and find must be where
	// ExecStart says, as on Debian.
	for _, tool := range []string{"/bin/sh", "/usr/bin/find"} {
		dst := filepath.Join(root, tool)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("cp", "-L", tool, dst).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "etc/systemd/system/disclose-daily.service"), []byte(deployFile(t, "disclose-daily.service")), 0o644); err != nil {
		t.Fatal(err)
	}
	if about, err := verify("disclose-daily.timer", deployFile(t, "disclose-daily.timer")); err != nil || about != "" {
		t.Errorf("systemd-analyze verify disclose-daily.timer: %v\n%s", err, about)
	}
	if about, err := verify("disclose-daily.service", deployFile(t, "disclose-daily.service")); err != nil || about != "" {
		t.Errorf("systemd-analyze verify disclose-daily.service: %v\n%s", err, about)
	}
	// The sandbox's exposure score, as systemd rates it (0 best, 10 worst).
	out, err := exec.Command(analyze, "security", "--offline=yes", "--root="+root, "disclose.service").CombinedOutput()
	var score float64
	if i := strings.Index(string(out), "Overall exposure level for disclose.service: "); err != nil || i < 0 {
		t.Errorf("systemd-analyze security: %v\n%s", err, out)
	} else if _, err := fmt.Sscanf(string(out[i:]), "Overall exposure level for disclose.service: %g", &score); err != nil || score >= 2 {
		t.Errorf("disclose.service exposure %v (%v), want below 2 (\"OK\")", score, err)
	} else {
		t.Logf("systemd-analyze security: exposure %.1f", score)
	}
	bad := strings.Replace(unit, "ProtectSystem=strict", "ProtectSystem=stricter", 1)
	if about, _ := verify("disclose-bad.service", bad); !strings.Contains(about, "stricter") {
		t.Errorf("systemd-analyze did not report a bad value, so the check proves nothing: %q", about)
	}
}

// deploy/Caddyfile parses (`caddy validate`), proxies to the address the
// systemd unit serves on, and that unit trusts the proxy's
// X-Forwarded-For and marks cookies Secure.
func TestCaddyfileValidates(t *testing.T) {
	cf := deployFile(t, "Caddyfile")
	unit := deployFile(t, "disclose.service")
	var addr string
	for _, w := range strings.Fields(unit[strings.Index(unit, "ExecStart="):]) {
		if addr == "next" {
			addr = w
			break
		}
		if w == "--addr" {
			addr = "next"
		}
	}
	if addr == "" || addr == "next" || !strings.Contains(cf, "reverse_proxy "+addr) {
		t.Errorf("the Caddyfile does not proxy to the unit's --addr %q", addr)
	}
	caddy, err := exec.LookPath("caddy")
	if err != nil {
		t.Skip("caddy is not installed (apt-get install caddy; scripts/test installs it): the Caddyfile was not validated")
	}
	home := t.TempDir() // caddy keeps its state under $HOME
	cmd := exec.Command(caddy, "validate", "--adapter", "caddyfile", "--config", filepath.Join("..", "..", "deploy", "Caddyfile"))
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home, "XDG_CONFIG_HOME="+home)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Valid configuration") {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
}
