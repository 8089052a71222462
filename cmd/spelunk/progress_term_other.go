//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// isTerminalFd is false where spelunk cannot ask: no progress, no colour
// unless --color always.
func isTerminalFd(uintptr) bool { return false }
