package client

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Python's int() and float() syntax (argparse type=int / type=float): surrounding spaces, a
// sign, `_` between digits; float also takes inf, infinity and nan (refused later).
const digits = `\d+(?:_\d+)*`

var (
	intSyntax     = regexp.MustCompile(`^([+-]?)(` + digits + `)$`)
	floatSyntax   = regexp.MustCompile(`^[+-]?(?:` + digits + `(?:\.(?:` + digits + `)?)?|\.` + digits + `)(?:[eE][+-]?` + digits + `)?$`)
	specialFloats = regexp.MustCompile(`(?i)^([+-]?)(inf|infinity|nan)$`)
)

// pythonInt returns the integer as a canonical JSON number literal of any size.
func pythonInt(flag, text string) (json.Number, error) {
	m := intSyntax.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", usage("argument %s: invalid int value: '%s'", flag, text)
	}
	n := strings.TrimLeft(strings.ReplaceAll(m[2], "_", ""), "0")
	switch {
	case n == "":
		n = "0"
	case m[1] == "-":
		n = "-" + n
	}
	return json.Number(n), nil
}

func pythonFloat(flag, text string) (float64, error) {
	value := strings.TrimSpace(text)
	if m := specialFloats.FindStringSubmatch(value); m != nil {
		switch {
		case strings.EqualFold(m[2], "nan"):
			return math.NaN(), nil
		case m[1] == "-":
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	if !floatSyntax.MatchString(value) {
		return 0, usage("argument %s: invalid float value: '%s'", flag, text)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(value, "_", ""), 64)
	// Out of range is ±Inf or 0, as Python's float() gives; the schema judges it.
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, usage("argument %s: invalid float value: '%s'", flag, text)
	}
	return f, nil
}
