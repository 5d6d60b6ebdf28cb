package client

import "testing"

// pathlib.Path(p) as Python prints it in "error: FILE is not a readable file".
func TestPythonPath(t *testing.T) {
	// From Python: str(pathlib.Path(p))
	cases := map[string]string{
		"list.txt":          "list.txt",
		"./list.txt":        "list.txt",
		"a//b/./c/":         "a/b/c",
		"./a//nonexist.txt": "a/nonexist.txt",
		"":                  ".",
		".":                 ".",
		"./":                ".",
		"/":                 "/",
		"//x":               "//x",
		"///x//y":           "/x/y",
		"../x/..":           "../x/..",
		"/tmp/":             "/tmp",
	}
	for in, want := range cases {
		if got := pythonPath(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
