package activities

import (
	"reflect"
	"testing"
)

// The same synthetic frame gives the same row in Go and in Python
// (python/tests/test_shots.py::test_features_vector holds the same numbers).
func TestSeriesFeaturesVector(t *testing.T) {
	frame := make([]byte, seriesFrameBytes)
	for i := range frame {
		frame[i] = byte((i*37 + (i/64)*11) % 256)
	}
	want := []int{139, 150, 139, 145, 145, 141, 150, 139, 149, 139, 147, 142, 143, 146, 140, 150,
		76, 76, 72, 68, 69, 69, 71, 75, 68, 69, 70, 74, 77, 75, 73, 70,
		118, 127, 134, 133, 136, 128, 121, 121, 119, 124, 130, 135, 133, 133, 126, 118}
	if got := seriesFeatures(frame); !reflect.DeepEqual(got, want) {
		t.Fatalf("features\n got %v\nwant %v", got, want)
	}
}
