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

// A labeller checks one slice by naming its folder.
func TestLoadOneSlice(t *testing.T) {
	one, err := Load(filepath.Join("..", "..", "testdata", "wild", "heldout12-a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Files) == 0 || len(one.Labels) == 0 {
		t.Fatalf("the slice loads empty: %d files, %d labels", len(one.Files), len(one.Labels))
	}
	for _, f := range one.Files {
		if f.Slice != "heldout12-a" {
			t.Fatalf("%s: slice %q, want heldout12-a", f.Name, f.Slice)
		}
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Fatal("a folder with no slice loads without an error")
	}
}
