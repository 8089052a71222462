//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPty opens a pseudo-terminal pair with the kernel's /dev/ptmx: the
// terminal side is what spelunk writes to, the other what a terminal
// emulator reads.
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pts: %v", err)
	}
	return m, s
}

// capture runs spelunk with args, its standard error going to errFile,
// and returns what came out of readEnd.
func capture(t *testing.T, args []string, errFile *os.File, readEnd io.Reader) (int, string) {
	t.Helper()
	got := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, readEnd) // ends with EIO on a pty, EOF on a pipe
		got <- b.String()
	}()
	var stdout bytes.Buffer
	code := run(args, &stdout, errFile)
	errFile.Close()
	return code, <-got
}

// progressData writes a log of n events, enough for the reading progress
// to be drawn (every 1024 events).
func progressData(t *testing.T, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"timestamp":"2024-01-02T03:%02d:%02dZ","host":"web%d","action":"allowed","bytes":%d}`+"\n", i/60%60, i%60, i%3, i)
	}
	path := filepath.Join(t.TempDir(), "access.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestProgressOnTerminalOnly checks that run and hunt draw progress on
// standard error when it is a terminal, and that a pipe or a file gets
// none of it: only the messages a run without progress prints.
func TestProgressOnTerminalOnly(t *testing.T) {
	data := progressData(t, 3000)
	seed := filepath.Join("..", "..", "testdata", "seed")
	cases := []struct {
		name string
		args []string
		want []string // on a terminal
	}{
		{"run", []string{"run", "--data", data, "* | stats count"}, []string{"reading the data: ", " of 247.9 kB", "1,024 events"}},
		{"hunt", []string{"hunt", "--data", filepath.Join(seed, "data"), "--macros", seed, "--detections", filepath.Join(seed, "detections")},
			[]string{"preparing the detections", "detections: 1 of 1"}},
	}
	for _, c := range cases {
		t.Run(c.name+"/terminal", func(t *testing.T) {
			master, tty := openPty(t)
			defer master.Close()
			code, out := capture(t, c.args, tty, master)
			if code != 0 {
				t.Fatalf("exit status %d: %s", code, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in the terminal's output:\n%q", w, out)
				}
			}
			if !strings.Contains(out, "\r\x1b[K") {
				t.Errorf("the progress line is not cleared:\n%q", out)
			}
		})
		t.Run(c.name+"/pipe", func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			code, out := capture(t, c.args, w, r)
			if code != 0 {
				t.Fatalf("exit status %d: %s", code, out)
			}
			if out != "" {
				t.Errorf("standard error is a pipe, yet got %q", out)
			}
		})
		t.Run(c.name+"/file", func(t *testing.T) {
			f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
			if err != nil {
				t.Fatal(err)
			}
			code, _ := capture(t, c.args, f, strings.NewReader(""))
			b, _ := os.ReadFile(f.Name())
			if code != 0 || len(b) != 0 {
				t.Errorf("exit status %d, standard error a file got %q", code, b)
			}
		})
	}
}

func TestByteSizeAndThousands(t *testing.T) {
	cases := []struct{ got, want string }{
		{byteSize(999), "999 B"},
		{byteSize(1000), "1.0 kB"},
		{byteSize(1_234_567), "1.2 MB"},
		{byteSize(3_400_000_000), "3.4 GB"},
		{thousands(0), "0"},
		{thousands(999), "999"},
		{thousands(1000), "1,000"},
		{thousands(1234567), "1,234,567"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestUseColor checks --color: auto colours a terminal only, and not
// when NO_COLOR is set (no-color.org); always and never win over both.
func TestUseColor(t *testing.T) {
	master, tty := openPty(t)
	defer master.Close()
	defer tty.Close()
	var buf bytes.Buffer
	cases := []struct {
		mode    string
		w       io.Writer
		noColor string
		want    bool
	}{
		{"auto", tty, "", true},
		{"auto", tty, "1", false},
		{"auto", &buf, "", false},
		{"always", &buf, "1", true},
		{"never", tty, "", false},
	}
	for _, c := range cases {
		t.Setenv("NO_COLOR", c.noColor)
		if got := useColor(c.mode, c.w); got != c.want {
			t.Errorf("useColor(%q, %T) with NO_COLOR=%q = %v, want %v", c.mode, c.w, c.noColor, got, c.want)
		}
	}
}
