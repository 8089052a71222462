//go:build !race

package index

// raceOn says the race detector is on (race_on_test.go).
const raceOn = false
