package wild

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "raise floors.tsv to the current figures (floors never go down)")

const corpusDir = "../../testdata/wild"

// TestWild fails when recall or precision on the wild corpus falls below
// a recorded floor. `go run ./tools/wildscore` prints every miss.
func TestWild(t *testing.T) {
	c, err := Load(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) == 0 {
		t.Fatal("the wild corpus is empty")
	}
	s, err := Run(c)
	if err != nil {
		t.Fatal(err)
	}
	figs := s.Figures()
	floorsPath := filepath.Join(corpusDir, "floors.tsv")
	floors, err := ReadFloors(floorsPath)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := WriteFloors(floorsPath, floors, figs); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range figs {
		if f.Scope == "all" {
			t.Logf("%d files, %d labels: recall %.3f, precision %.3f", len(c.Files), f.Hits+f.Misses, f.Recall(), f.Precision())
		}
	}
	if below := Below(floors, figs); len(below) > 0 {
		t.Errorf("below the floors in %s (go run ./tools/wildscore lists misses and false positives):\n%s", floorsPath, strings.Join(below, "\n"))
	}
}
