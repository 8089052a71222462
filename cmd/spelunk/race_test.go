//go:build race

package main

// raceEnabled skips the browser test under the race detector, which CI
// runs over this package after the plain tests.
const raceEnabled = true
