package arn

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOnlyThisPackageSplitsARNs: every other package asks this one for
// an ARN's parts; a new place that splits or recognises ARNs by hand
// fails here, naming the file to change.
func TestOnlyThisPackageSplitsARNs(t *testing.T) {
	root := filepath.Join("..", "..")
	byHand := regexp.MustCompile(`SplitN\([^)]*":",\s*6\)|HasPrefix\([^)]*"arn:"\)|Index\([^)]*"arn:"\)|\[:4\] == "arn:"`)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "arn", "bin", "out", ".git", "tools", "testdata":
				if path != root {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if byHand.MatchString(line) {
				t.Errorf("%s:%d splits or recognises an ARN by hand; use package arn (internal/arn): %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
