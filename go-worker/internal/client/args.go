package client

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Args is one command line: Command is run, start, status, result, cancel, batch or help.
type Args struct {
	Command string
	// ID is --id for run, start and batch (empty: derived from the URL or the list), the
	// positional ID otherwise.
	ID string
	// Source is SOURCE for run and start, FILE for batch.
	Source string
	JSON   bool
	Wait   bool
	Options
	Batch BatchOptions
}

// Options are the PipelineRequest fields run and start can set; a zero value is not given.
type Options struct {
	Strategy        string
	IntervalSeconds *float64
	// MaxFrames keeps Python's arbitrary-precision int as a JSON number literal, so an
	// out-of-range value reaches the schema (and its message) instead of overflowing here.
	MaxFrames    json.Number
	NoStoryboard bool
	KeepFrames   bool
}

var (
	commands   = []string{"run", "start", "status", "result", "cancel", "batch"}
	strategies = []string{"interval", "keyframes", "scene"}
	// The options argparse knows for run/start, in declaration order (abbreviations match
	// against them in this order), and for status/result/cancel.
	startOptions = []string{"--help", "--id", "--strategy", "--interval-seconds", "--max-frames",
		"--no-storyboard", "--keep-frames", "--json", "--wait", "--no-wait"}
	idOptions    = []string{"--help"}
	batchOptions = []string{"--help", "--id", "--max-in-flight", "--continue-every", "--json", "--wait", "--no-wait"}
	valueOption  = map[string]bool{"--id": true, "--strategy": true, "--interval-seconds": true, "--max-frames": true,
		"--max-in-flight": true, "--continue-every": true}
	// argparse reads such a token as a value or positional, not as an option.
	negativeNumber = regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)
)

// Parse reads argv (without the program name) the way the Python client's argparse parser
// does: options anywhere, `--opt=value`, unique prefixes, `--` ends the options, the last
// of --wait/--no-wait wins. Bad usage is a *UsageError.
func Parse(argv []string) (Args, error) {
	if len(argv) == 0 {
		return Args{}, usage("a command is required (%s)", strings.Join(commands, ", "))
	}
	command, rest := argv[0], argv[1:]
	switch command {
	case "-h", "--help":
		return Args{Command: "help"}, nil
	case "run", "start":
		return parseStart(command, rest)
	case "status", "result", "cancel":
		return parseID(command, rest)
	case "batch":
		return parseBatch(rest)
	}
	return Args{}, usage("invalid command '%s' (choose from %s)", command, strings.Join(commands, ", "))
}

func parseStart(command string, rest []string) (Args, error) {
	args := Args{Command: command, Wait: command == "run"}
	help, positionals, err := scan(rest, startOptions, args.set)
	if err != nil {
		return Args{}, err
	}
	if help {
		return Args{Command: "help"}, nil
	}
	if args.Source, err = onePositional(positionals, "SOURCE"); err != nil {
		return Args{}, err
	}
	return args, nil
}

func parseBatch(rest []string) (Args, error) {
	args := Args{Command: "batch", Wait: true}
	help, positionals, err := scan(rest, batchOptions, args.set)
	if err != nil {
		return Args{}, err
	}
	if help {
		return Args{Command: "help"}, nil
	}
	if args.Source, err = onePositional(positionals, "FILE"); err != nil {
		return Args{}, err
	}
	return args, nil
}

func parseID(command string, rest []string) (Args, error) {
	help, positionals, err := scan(rest, idOptions, nil)
	if err != nil {
		return Args{}, err
	}
	if help {
		return Args{Command: "help"}, nil
	}
	id, err := onePositional(positionals, "ID")
	if err != nil {
		return Args{}, err
	}
	return Args{Command: command, ID: id}, nil
}

// set applies one recognised option of run, start or batch.
func (a *Args) set(name, value string) error {
	var err error
	switch name {
	case "--id":
		a.ID = value
	case "--json":
		a.JSON = true
	case "--wait", "--no-wait":
		a.Wait = name == "--wait"
	case "--no-storyboard":
		a.NoStoryboard = true
	case "--keep-frames":
		a.KeepFrames = true
	case "--strategy":
		if !slices.Contains(strategies, value) {
			return usage("argument --strategy: invalid choice: '%s' (choose from '%s')", value, strings.Join(strategies, "', '"))
		}
		a.Strategy = value
	case "--interval-seconds":
		var f float64
		f, err = pythonFloat(name, value)
		a.IntervalSeconds = &f
	case "--max-frames":
		a.MaxFrames, err = pythonInt(name, value)
	case "--max-in-flight":
		a.Batch.MaxInFlight, err = pythonInt(name, value)
	case "--continue-every":
		a.Batch.ContinueEvery, err = pythonInt(name, value)
	}
	return err
}

// onePositional reports, like argparse, a missing argument before any unrecognized ones
// (unknown options and extra positionals, listed in command-line order).
func onePositional(tokens []token, name string) (string, error) {
	first := -1
	var extra []string
	for i, t := range tokens {
		if t.positional && first < 0 {
			first = i
		} else {
			extra = append(extra, t.text)
		}
	}
	if first < 0 {
		return "", usage("the argument %s is required", name)
	}
	if len(extra) > 0 {
		return "", usage("unrecognized arguments: %s", strings.Join(extra, " "))
	}
	return tokens[first].text, nil
}

func usage(format string, args ...any) error {
	return &UsageError{Message: fmt.Sprintf(format, args...)}
}
