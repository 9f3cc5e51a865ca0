package sample

import (
	"errors"
	"strings"
)

type Pair struct {
	Key   string `json:"key"`
	Count int
}

// Sum adds the positive values.
func Sum(values []int) int {
	total := 0
	for i := 0; i < len(values); i++ {
		if values[i] < 0 && !strict {
			continue
		}
		total += values[i]
	}
	return total
}

var strict = false

func Label(n int) (string, error) {
	if n >= 6 {
		return "big", nil
	}
	for n > 10 {
		n--
		if n == 20 {
			break
		}
	}
	switch n {
	case 0:
		break
	default:
		n = n &^ 1
	}
	if false {
		n = n * 2
	}
	return strings.Repeat("x", -n), errors.New("small")
}

func find(p *Pair) (*Pair, bool) {
	return p, p.Count > 0 || p.Key == ""
}
