package client

import (
	"slices"
	"strings"
)

// token is a positional argument or an option argparse would not recognise; both end up
// in "unrecognized arguments" when there is no place for them.
type token struct {
	text       string
	positional bool
}

// scan walks the arguments after the command as argparse does (the standard flag package
// stops at the first positional, but users write `run clip.mp4 --json`). Known options go
// to set; a value option takes `=value` or the next argument unless that is an option.
// It stops at -h/--help, and returns positionals and unknown options in order.
func scan(args []string, known []string, set func(name, value string) error) (bool, []token, error) {
	var tokens []token
	for i := 0; i < len(args); i++ {
		if args[i] == "--" {
			for _, rest := range args[i+1:] {
				tokens = append(tokens, token{rest, true})
			}
			break
		}
		opt, err := classify(args[i], known)
		if err != nil {
			return false, nil, err
		}
		switch {
		case opt.name == "":
			tokens = append(tokens, token{args[i], !opt.optionLike})
			continue
		case opt.name == "--help":
			return true, nil, nil
		case valueOption[opt.name] && !opt.hasValue:
			if i+1 == len(args) || isOptionLike(args[i+1], known) {
				return false, nil, usage("argument %s: expected one argument", opt.name)
			}
			i++
			opt.value = args[i]
		case !valueOption[opt.name] && opt.hasValue:
			return false, nil, usage("argument %s: ignored explicit argument '%s'", shown(opt.name), opt.value)
		}
		if err := set(opt.name, opt.value); err != nil {
			return false, nil, err
		}
	}
	return false, tokens, nil
}

// option is what classify makes of one argument: a known option (name, maybe `=value`),
// an unknown option (optionLike), or a positional (neither).
type option struct {
	name, value string
	hasValue    bool
	optionLike  bool
}

// classify follows argparse's _parse_optional: exact names, `--name=value`, then unique
// prefixes of long options; negative numbers, "-" and anything with a space are positional.
func classify(arg string, known []string) (option, error) {
	if arg == "" || arg[0] != '-' {
		return option{}, nil
	}
	if arg == "-h" {
		return option{name: "--help"}, nil
	}
	if slices.Contains(known, arg) {
		return option{name: arg}, nil
	}
	if arg == "-" {
		return option{}, nil
	}
	prefix, value, hasValue := strings.Cut(arg, "=")
	if slices.Contains(known, prefix) {
		return option{name: prefix, value: value, hasValue: hasValue}, nil
	}
	if strings.HasPrefix(arg, "--") {
		var matches []string
		for _, k := range known {
			if strings.HasPrefix(k, prefix) {
				matches = append(matches, k)
			}
		}
		if len(matches) > 1 {
			return option{}, usage("ambiguous option: %s could match %s", arg, strings.Join(matches, ", "))
		}
		if len(matches) == 1 {
			return option{name: matches[0], value: value, hasValue: hasValue}, nil
		}
	}
	if negativeNumber.MatchString(arg) || strings.Contains(arg, " ") {
		return option{}, nil
	}
	return option{optionLike: true}, nil
}

func isOptionLike(arg string, known []string) bool {
	if arg == "--" {
		return true
	}
	opt, err := classify(arg, known)
	return err != nil || opt.name != "" || opt.optionLike
}

// shown is how argparse names an option in messages.
func shown(name string) string {
	switch name {
	case "--wait", "--no-wait":
		return "--wait/--no-wait"
	case "--help":
		return "-h/--help"
	}
	return name
}
