package main

import (
	"testing"
	"time"
)

// TestMemBudget: a budget below what the process holds is used up at
// once, err says so, removing the limit frees it, and when the heap stays
// far over the limit the hard stop is called (main exits there).
func TestMemBudget(t *testing.T) {
	if defaultMemoryMB() <= 0 {
		t.Log("the machine's memory is unknown here: no default budget")
	}
	hard := make(chan error, 1)
	b := startBudget(1<<20, func(err error) { hard <- err })
	defer b.Stop()
	if err := b.err(); err == nil || !isMemoryError(err) {
		t.Fatalf("a 1 MB budget: err %v", err)
	}
	select {
	case err := <-hard:
		if !isMemoryError(err) {
			t.Errorf("hard stop with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("the hard stop was not called although the heap is far over the budget")
	}
	b.set(0)
	if err := b.err(); err != nil {
		t.Errorf("no budget: err %v", err)
	}
}
