//go:build race

package index

// raceOn says the race detector is on: it slows the comparisons over all
// of realdata tenfold, so they leave realdata to the run without it.
const raceOn = true
