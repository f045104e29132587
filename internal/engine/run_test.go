package engine

import (
	"bytes"
	"sync"
	"testing"
)

func TestOutputBufferKeepsAndCopiesConcurrentWrites(t *testing.T) {
	var tee bytes.Buffer
	o := &outputBuffer{tee: &tee}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_, _ = o.Write([]byte("x"))
			}
		}()
	}
	wg.Wait()
	if got := o.String(); len(got) != 800 || tee.Len() != 800 {
		t.Errorf("kept %d bytes, copied %d; want 800 each", len(got), tee.Len())
	}
}
