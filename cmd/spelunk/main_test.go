package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestMain keeps `spelunk test` in these tests off the network and out of
// the user's cache: attack data named by URL is "downloaded" from a client
// that answers every request 404 (what GitHub answers for the goldens'
// missing files), into a temporary cache folder. Tests that download pass
// their own client and --cache-dir.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "spelunk-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cacheDirDefault = func() string { return dir }
	fetchClient = &http.Client{Transport: notFound{}}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// notFound is an http.RoundTripper with no file at any URL.
type notFound struct{}

func (notFound) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusNotFound, Status: "404 Not Found",
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), ContentLength: 0, Request: req,
	}, nil
}
