package lsp_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/etcdlint/etcdlint/internal/cli"
	"github.com/etcdlint/etcdlint/internal/lsp"
)

// The test client frames messages itself, so the server's framing is
// checked against an independent implementation.

type rpcMsg struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type diag struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

type pos struct{ Line, Character int }

type lspRange struct{ Start, End pos }

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type action struct {
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	IsPreferred bool   `json:"isPreferred"`
	Diagnostics []diag `json:"diagnostics"`
	Edit        struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

type client struct {
	t      *testing.T
	in     *io.PipeWriter
	msgs   chan rpcMsg
	done   chan error
	nextID int
	diags  map[string][]diag // the last published per URI
	utf8   bool
}

func start(t *testing.T, o lsp.Options) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, in: inW, msgs: make(chan rpcMsg, 100), done: make(chan error, 1), diags: map[string][]diag{}}
	go func() {
		err := lsp.New(inR, outW, o).Run()
		outW.Close()
		c.done <- err
	}()
	go func() {
		r := bufio.NewReader(outR)
		for {
			length := -1
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					close(c.msgs)
					return
				}
				if !strings.HasSuffix(line, "\r\n") {
					t.Errorf("header line %q does not end in CRLF", line)
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
					length, _ = strconv.Atoi(v)
				}
			}
			body := make([]byte, length)
			if _, err := io.ReadFull(r, body); err != nil {
				t.Errorf("short body: %v", err)
				close(c.msgs)
				return
			}
			var m rpcMsg
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("server sent bad JSON %q: %v", body, err)
			}
			if !bytes.Contains(body, []byte(`"jsonrpc":"2.0"`)) {
				t.Errorf("message without jsonrpc 2.0: %s", body)
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() { inW.Close() })
	return c
}

func (c *client) sendRaw(body string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) send(id any, method string, params any) {
	c.t.Helper()
	m := map[string]any{"jsonrpc": "2.0", "method": method}
	if id != nil {
		m["id"] = id
	}
	if params != nil {
		m["params"] = params
	}
	body, _ := json.Marshal(m)
	c.sendRaw(string(body))
}

// next returns the next message of the server.
func (c *client) next() rpcMsg {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatal("the server closed its output")
		}
		if m.Method == "textDocument/publishDiagnostics" {
			var p struct {
				URI         string `json:"uri"`
				Diagnostics []diag `json:"diagnostics"`
			}
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if p.Diagnostics == nil {
				c.t.Errorf("diagnostics of %s are null, not []", p.URI)
			}
			c.diags[p.URI] = p.Diagnostics
		}
		return m
	case <-time.After(20 * time.Second):
		c.t.Fatal("no message from the server")
	}
	return rpcMsg{}
}

// request sends a request and returns its response.
func (c *client) request(method string, params any) rpcMsg {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(id, method, params)
	for {
		m := c.next()
		if m.Method == "" {
			if string(m.ID) != strconv.Itoa(id) {
				c.t.Fatalf("response to %s has id %s, want %d", method, m.ID, id)
			}
			return m
		}
	}
}

// notify sends a notification and waits for the diagnostics it publishes.
func (c *client) notify(method string, params any) []diag {
	c.t.Helper()
	c.send(nil, method, params)
	m := c.next()
	if m.Method != "textDocument/publishDiagnostics" {
		c.t.Fatalf("after %s: got %+v, want diagnostics", method, m)
	}
	var p struct {
		URI string `json:"uri"`
	}
	json.Unmarshal(m.Params, &p)
	return c.diags[p.URI]
}

func (c *client) initialize(encodings ...string) map[string]any {
	c.t.Helper()
	params := map[string]any{"processId": nil, "capabilities": map[string]any{}}
	if encodings != nil {
		params["capabilities"] = map[string]any{"general": map[string]any{"positionEncodings": encodings}}
	}
	m := c.request("initialize", params)
	if m.Error != nil {
		c.t.Fatalf("initialize: %+v", m.Error)
	}
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	if err := json.Unmarshal(m.Result, &res); err != nil {
		c.t.Fatal(err)
	}
	c.utf8 = res.Capabilities["positionEncoding"] == "utf-8"
	c.send(nil, "initialized", map[string]any{})
	return res.Capabilities
}

func (c *client) open(uri, languageID, text string) []diag {
	c.t.Helper()
	return c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": languageID, "version": 1, "text": text}})
}

func (c *client) change(uri string, version int, text string) []diag {
	c.t.Helper()
	return c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	})
}

func (c *client) codeActions(uri string, r lspRange, only ...string) []action {
	c.t.Helper()
	ctx := map[string]any{"diagnostics": []any{}}
	if only != nil {
		ctx["only"] = only
	}
	m := c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]int{"line": r.Start.Line, "character": r.Start.Character}, "end": map[string]int{"line": r.End.Line, "character": r.End.Character}},
		"context":      ctx,
	})
	if m.Error != nil {
		c.t.Fatalf("codeAction: %+v", m.Error)
	}
	var out []action
	if err := json.Unmarshal(m.Result, &out); err != nil {
		c.t.Fatal(err)
	}
	return out
}

func (c *client) shutdownExit() {
	c.t.Helper()
	m := c.request("shutdown", nil)
	if m.Error != nil || string(m.Result) != "null" {
		c.t.Fatalf("shutdown: result %s, error %+v", m.Result, m.Error)
	}
	c.send(nil, "exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Fatalf("Run after shutdown and exit: %v", err)
		}
	case <-time.After(20 * time.Second):
		c.t.Fatal("the server did not stop on exit")
	}
}

// offset converts an LSP position into a byte offset of text, counting
// characters in UTF-16 or UTF-8 as negotiated (independently of the server).
func (c *client) offset(text string, p pos) int {
	off := 0
	for range p.Line {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	if c.utf8 {
		return off + p.Character
	}
	for units := p.Character; units > 0; {
		r, size := utf8.DecodeRuneInString(text[off:])
		units -= len(utf16.Encode([]rune{r}))
		off += size
	}
	return off
}

// apply applies text edits of one document, as an editor does.
func (c *client) apply(text string, edits []textEdit) string {
	type e struct {
		start, end int
		text       string
	}
	var es []e
	for _, te := range edits {
		es = append(es, e{c.offset(text, te.Range.Start), c.offset(text, te.Range.End), te.NewText})
	}
	slices.SortFunc(es, func(a, b e) int { return b.start - a.start })
	for _, x := range es {
		text = text[:x.start] + x.text + text[x.end:]
	}
	return text
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// The documents of the session: a unit with a multi-byte name before
// --debug (two bytes for é, four bytes and two UTF-16 units for 𝄞), and
// an env file with ETCD_LOG_OUTPUT. Their directory has a .etcdlint.toml
// that raises log-output-flag to an error.
const (
	unitText = "[Unit]\nDescription=etcd\n\n[Service]\nExecStart=/usr/bin/etcd --name=é𝄞 --debug --data-dir=/var/lib/etcd\n"
	envText  = "ETCD_NAME=n1\nETCD_LOG_OUTPUT=stderr\n"
	config   = "[rules]\nseverity = { \"log-output-flag\" = \"error\" }\n"
)

func writeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"etcd.service": unitText, "etcd.env": envText, ".etcdlint.toml": config} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func codes(ds []diag) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func find(ds []diag, code string) *diag {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

// fixedByCLI is what `etcdlint --fix` writes for a copy of the file at path
// (next to a copy of its configuration).
func fixedByCLI(t *testing.T, path string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{filepath.Base(path), ".etcdlint.toml"} {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(path), name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	cli.New(nil, &stdout, &stderr).Main([]string{"--fix", filepath.Join(dir, filepath.Base(path))})
	data, err := os.ReadFile(filepath.Join(dir, filepath.Base(path)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSession(t *testing.T) {
	dir := writeTree(t)
	unitURI, envURI := fileURI(filepath.Join(dir, "etcd.service")), fileURI(filepath.Join(dir, "etcd.env"))
	c := start(t, lsp.Options{})
	caps := c.initialize("utf-16")
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding = %v, want utf-16", caps["positionEncoding"])
	}
	sync, _ := caps["textDocumentSync"].(map[string]any)
	if sync["openClose"] != true || sync["change"] != float64(1) || sync["save"] == nil {
		t.Errorf("textDocumentSync = %v, want open/close, full change, save", sync)
	}
	if ca, _ := caps["codeActionProvider"].(map[string]any); fmt.Sprint(ca["codeActionKinds"]) != "[quickfix source.fixAll.etcdlint]" {
		t.Errorf("codeActionProvider = %v", caps["codeActionProvider"])
	}

	// diagnostics of the unit: --debug after "é𝄞", in UTF-16 units
	ds := c.open(unitURI, "systemd", unitText)
	if got := codes(ds); !slices.Equal(got, []string{"logging-defaults-changed", "debug-flag"}) {
		t.Fatalf("unit diagnostics %v", got)
	}
	d := find(ds, "debug-flag")
	line := strings.Split(unitText, "\n")[4]
	byteCol := strings.Index(line, "--debug")
	u16Col := len(utf16.Encode([]rune(line[:byteCol])))
	if u16Col == byteCol {
		t.Fatal("the test line has no multi-byte character before --debug")
	}
	want := lspRange{pos{4, u16Col}, pos{4, u16Col + len("--debug")}}
	if d.Range != want || d.Severity != 1 || d.Source != "etcdlint" || !strings.HasSuffix(d.CodeDescription.Href, "#debug-flag") || !strings.Contains(d.Message, "--debug") {
		t.Errorf("debug-flag diagnostic %+v, want range %+v, severity 1 (error), source etcdlint, href to the rule", d, want)
	}
	if info := find(ds, "logging-defaults-changed"); info.Severity != 3 {
		t.Errorf("logging-defaults-changed severity %d, want 3 (information)", info.Severity)
	}

	// the env file: severity raised to error by the .etcdlint.toml next to it
	ds = c.open(envURI, "dotenv", envText)
	if len(ds) != 1 || ds[0].Code != "log-output-flag" || ds[0].Range != (lspRange{pos{1, 0}, pos{1, 22}}) || ds[0].Severity != 1 {
		t.Errorf("env diagnostics %+v, want log-output-flag at 1:0-1:22 raised to error", ds)
	}

	// quickfix at the cursor on --debug: the fix, preferred, whose edit
	// removes the finding, then the ignore comment
	acts := c.codeActions(unitURI, lspRange{want.Start, want.Start})
	if len(acts) != 2 || !strings.HasPrefix(acts[1].Title, "ignore debug-flag here") || acts[1].IsPreferred {
		t.Fatalf("code actions at --debug: %+v, want the fix and the ignore", acts)
	}
	ignored := c.apply(unitText, acts[1].Edit.Changes[unitURI])
	if !strings.Contains(ignored, "[Service]\n# etcdlint:ignore debug-flag -- TODO: say why this stays\nExecStart=") {
		t.Errorf("ignore applied:\n%s", ignored)
	}
	a := acts[0]
	if a.Title != "replace debug with log-level=debug (pre, safe)" || a.Kind != "quickfix" || !a.IsPreferred || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "debug-flag" {
		t.Errorf("quickfix %+v", a)
	}
	fixed := c.apply(unitText, a.Edit.Changes[unitURI])
	if !strings.Contains(fixed, "--name=é𝄞 --log-level=debug --data-dir") {
		t.Errorf("quickfix applied:\n%s", fixed)
	}
	// the whole line also offers the unsafe fix, not preferred
	acts = c.codeActions(unitURI, lspRange{pos{4, 0}, pos{5, 0}})
	var titles []string
	for _, a := range acts {
		titles = append(titles, fmt.Sprintf("%s/%v", a.Title, a.IsPreferred))
	}
	if !slices.Equal(titles, []string{"set logger and log-outputs explicitly (pre, unsafe)/false", "replace debug with log-level=debug (pre, safe)/true",
		"ignore logging-defaults-changed here (an etcdlint:ignore comment whose reason you write)/false", "ignore debug-flag here (an etcdlint:ignore comment whose reason you write)/false"}) {
		t.Errorf("code actions on the ExecStart line: %q", titles)
	}
	// nothing on line 0, and no source action unless asked
	if acts := c.codeActions(unitURI, lspRange{pos{0, 0}, pos{0, 3}}); len(acts) != 0 {
		t.Errorf("code actions on [Unit]: %+v", acts)
	}

	// didChange to the ignored text: the finding is gone, the comment used
	ds = c.change(unitURI, 2, ignored)
	if got := codes(ds); !slices.Equal(got, []string{"logging-defaults-changed"}) {
		t.Errorf("after the ignore: %v", got)
	}
	// didChange to the quick-fixed text: the finding is gone
	ds = c.change(unitURI, 3, fixed)
	if got := codes(ds); !slices.Equal(got, []string{"logging-defaults-changed"}) {
		t.Errorf("after the quickfix: %v", got)
	}

	// fix all: equal to etcdlint --fix on the same file
	for _, tc := range []struct{ uri, text, path string }{
		{envURI, envText, filepath.Join(dir, "etcd.env")},
		{unitURI, fixed, filepath.Join(dir, "etcd.service")},
	} {
		if tc.uri == unitURI {
			c.change(unitURI, 4, unitText) // back to --debug
			tc.text = unitText
		}
		acts := c.codeActions(tc.uri, lspRange{}, "source.fixAll")
		if len(acts) != 1 || acts[0].Kind != "source.fixAll.etcdlint" || acts[0].Title != "fix all safe pre fixes" {
			t.Fatalf("fixAll actions of %s: %+v", tc.path, acts)
		}
		got := c.apply(tc.text, acts[0].Edit.Changes[tc.uri])
		if want := fixedByCLI(t, tc.path); got != want {
			t.Errorf("fix all of %s:\n%s\nwant (etcdlint --fix):\n%s", tc.path, got, want)
		}
		if got == tc.text {
			t.Errorf("fix all of %s changed nothing", tc.path)
		}
	}
	if acts := c.codeActions(envURI, lspRange{pos{1, 3}, pos{1, 3}}, "source"); len(acts) != 1 || acts[0].Kind != "source.fixAll.etcdlint" {
		t.Errorf("only=source: %+v, want the fix-all action alone", acts)
	}

	// didClose clears
	c.send(nil, "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": envURI}})
	if m := c.next(); m.Method != "textDocument/publishDiagnostics" || len(c.diags[envURI]) != 0 {
		t.Errorf("didClose: %+v, diagnostics %+v", m, c.diags[envURI])
	}
	// a closed document has no actions
	if acts := c.codeActions(envURI, lspRange{pos{1, 0}, pos{1, 0}}); len(acts) != 0 {
		t.Errorf("actions of a closed document: %+v", acts)
	}
	c.shutdownExit()
}

func TestUTF8Encoding(t *testing.T) {
	dir := writeTree(t)
	uri := fileURI(filepath.Join(dir, "etcd.service"))
	c := start(t, lsp.Options{})
	if caps := c.initialize("utf-16", "utf-8"); caps["positionEncoding"] != "utf-8" {
		t.Fatalf("positionEncoding = %v, want utf-8 when offered", caps["positionEncoding"])
	}
	d := find(c.open(uri, "systemd", unitText), "debug-flag")
	byteCol := strings.Index(strings.Split(unitText, "\n")[4], "--debug")
	if d == nil || d.Range.Start != (pos{4, byteCol}) {
		t.Fatalf("debug-flag %+v, want start at byte column %d", d, byteCol)
	}
	acts := c.codeActions(uri, lspRange{d.Range.Start, d.Range.Start})
	if len(acts) == 0 || !strings.Contains(c.apply(unitText, acts[0].Edit.Changes[uri]), "é𝄞 --log-level=debug ") {
		t.Errorf("quickfix in utf-8: %+v", acts)
	}
	c.shutdownExit()
}

// Files no kind claims, and untitled buffers of languages without a simple
// name, get empty diagnostics; an untitled unit is linted.
func TestUnclaimed(t *testing.T) {
	dir := t.TempDir()
	c := start(t, lsp.Options{To: "3.5"})
	c.initialize()
	if ds := c.open(fileURI(filepath.Join(dir, "notes.txt")), "plaintext", "run etcd --debug\n"); len(ds) != 0 {
		t.Errorf("notes.txt: %+v", ds)
	}
	if ds := c.open("untitled:Untitled-1", "yaml", "command: [etcd, --debug]\n"); len(ds) != 0 {
		t.Errorf("untitled yaml: %+v", ds)
	}
	if ds := c.open("untitled:Untitled-2", "systemd", unitText); find(ds, "debug-flag") == nil {
		t.Errorf("untitled systemd unit: %v, want debug-flag", codes(ds))
	}
	if ds := c.open("https://example.com/etcd.service", "systemd", unitText); len(ds) != 0 {
		t.Errorf("https document: %+v", ds)
	}
	c.shutdownExit()
}

// Protocol errors get JSON-RPC errors and the server keeps serving.
func TestErrors(t *testing.T) {
	dir := writeTree(t)
	uri := fileURI(filepath.Join(dir, "etcd.env"))
	c := start(t, lsp.Options{})
	expectError := func(what string, code int, id string) {
		t.Helper()
		m := c.next()
		if m.Error == nil || m.Error.Code != code || string(m.ID) != id {
			t.Errorf("%s: got id %s error %+v, want code %d, id %s", what, m.ID, m.Error, code, id)
		}
	}
	c.send(1, "textDocument/codeAction", map[string]any{})
	expectError("request before initialize", -32002, "1")
	c.initialize()
	c.sendRaw(`{"jsonrpc":"2.0","id":5,"method":`)
	expectError("malformed JSON", -32700, "null")
	c.send(7, "workspace/noSuchThing", map[string]any{})
	expectError("unknown method", -32601, "7")
	c.send(8, "textDocument/codeAction", []int{1})
	expectError("params of the wrong type", -32602, "8")
	c.sendRaw(`[{"jsonrpc":"2.0","id":9,"method":"shutdown"}]`)
	expectError("batch", -32600, "null")
	c.sendRaw(`{"jsonrpc":"1.0","id":10,"method":"shutdown"}`)
	expectError("jsonrpc 1.0", -32600, "10")
	fmt.Fprintf(c.in, "X-Nothing: 1\r\n\r\n")
	expectError("no Content-Length", -32700, "null")
	c.send(nil, "$/unknownNotification", map[string]any{})  // ignored, no answer
	c.send(nil, "textDocument/didChange", map[string]any{}) // not open: logged, no answer
	c.send(11, "initialize", map[string]any{})
	expectError("second initialize", -32600, "11")
	// still serving
	if ds := c.open(uri, "dotenv", envText); len(ds) != 1 {
		t.Errorf("after the errors: %+v", ds)
	}
	c.request("shutdown", nil)
	c.send(12, "textDocument/codeAction", map[string]any{})
	expectError("request after shutdown", -32600, "12")
	c.send(nil, "exit", nil)
	if err := <-c.done; err != nil {
		t.Errorf("exit after shutdown: %v", err)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := start(t, lsp.Options{})
	c.initialize()
	c.send(nil, "exit", nil)
	if err := <-c.done; !errors.Is(err, lsp.ErrNoShutdown) {
		t.Errorf("exit without shutdown: %v, want ErrNoShutdown", err)
	}
	c = start(t, lsp.Options{})
	c.initialize()
	c.in.Close()
	if err := <-c.done; !errors.Is(err, lsp.ErrNoShutdown) {
		t.Errorf("closed stream: %v, want ErrNoShutdown", err)
	}
}

// The subcommand: a session on stdin and stdout, exit status 0 after
// shutdown and exit, 1 without shutdown, 2 for a bad --to.
func TestCommand(t *testing.T) {
	frame := func(bodies ...string) string {
		var b strings.Builder
		for _, s := range bodies {
			fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(s), s)
		}
		return b.String()
	}
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"clean", []string{"lsp", "--to", "3.6"}, frame(init, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`), 0},
		{"no shutdown", []string{"lsp"}, frame(init, `{"jsonrpc":"2.0","method":"exit"}`), 1},
		{"bad --to", []string{"lsp", "--to", "3.9"}, "", 2},
		{"paths", []string{"lsp", "etcd.service"}, "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli.New(strings.NewReader(tc.stdin), &stdout, &stderr).Main(tc.args)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tc.code, stderr.String())
			}
			if tc.code < 2 && !strings.Contains(stdout.String(), `"positionEncoding":"utf-16"`) {
				t.Errorf("stdout %q has no initialize result", stdout.String())
			}
		})
	}
}

// A CRLF file: every quick fix applied one by one, and fix all, give what
// etcdlint --fix writes.
func TestCRLF(t *testing.T) {
	dir := writeTree(t)
	path := filepath.Join(dir, "etcd.service")
	text := strings.ReplaceAll(unitText, "\n", "\r\n")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := fileURI(path)
	c := start(t, lsp.Options{})
	c.initialize()
	c.open(uri, "systemd", text)
	acts := c.codeActions(uri, lspRange{}, "source.fixAll.etcdlint")
	if len(acts) != 1 {
		t.Fatalf("fix all: %+v", acts)
	}
	if got, want := c.apply(text, acts[0].Edit.Changes[uri]), fixedByCLI(t, path); got != want || !strings.Contains(got, "--log-level=debug --data-dir=/var/lib/etcd\r\n") {
		t.Errorf("fix all of a CRLF unit:\n%q\nwant (etcdlint --fix):\n%q", got, want)
	}
	c.shutdownExit()
}

// The ignore comment is offered only where it works and changes nothing
// else: not inside a continued command, not where "#" breaks the syntax;
// with "//" in C-family source.
func TestIgnoreActionWhereSafe(t *testing.T) {
	dir := t.TempDir()
	c := start(t, lsp.Options{})
	c.initialize()
	ignores := func(name, lang, text, code string) []action {
		t.Helper()
		uri := fileURI(filepath.Join(dir, name))
		d := find(c.open(uri, lang, text), code)
		if d == nil {
			t.Fatalf("%s: no %s finding", name, code)
		}
		var out []action
		for _, a := range c.codeActions(uri, lspRange{d.Range.Start, d.Range.Start}) {
			if strings.HasPrefix(a.Title, "ignore ") {
				out = append(out, a)
			}
		}
		return out
	}
	if acts := ignores("cont.service", "systemd", "[Service]\nExecStart=/usr/bin/etcd \\\n  --debug\n", "debug-flag"); len(acts) != 0 {
		t.Errorf("ignore offered inside a continued ExecStart: %+v", acts)
	}
	dash := "{\n  \"title\": \"etcd\",\n  \"panels\": [\n    {\"title\": \"Puts\", \"targets\": [\n      {\"expr\": \"rate(etcd_debugging_mvcc_put_total[5m])\"}\n    ]}\n  ]\n}\n"
	if acts := ignores("dash.json", "json", dash, "debugging-mvcc-metric"); len(acts) != 0 {
		t.Errorf("ignore offered in JSON: %+v", acts)
	}
	src := "package main\n\nfunc main() {\n\texec.Command(\"etcd\", \"--debug\").Run()\n}\n"
	acts := ignores("main.go", "go", src, "debug-flag")
	if len(acts) != 1 {
		t.Fatalf("Go source: %+v, want one ignore", acts)
	}
	uri := fileURI(filepath.Join(dir, "main.go"))
	ignored := c.apply(src, acts[0].Edit.Changes[uri])
	if !strings.Contains(ignored, "{\n\t// etcdlint:ignore debug-flag -- ") || find(c.change(uri, 2, ignored), "debug-flag") != nil {
		t.Errorf("Go source with the ignore:\n%s", ignored)
	}
	c.shutdownExit()
}

// A large document is linted once typing pauses: a burst of changes gives
// one set of diagnostics, for the last version. A document over the size
// limit gets one diagnostic that says so.
func TestLargeDocuments(t *testing.T) {
	c := start(t, lsp.Options{})
	c.initialize()
	uri := fileURI(filepath.Join(t.TempDir(), "etcd.env"))
	big := strings.Repeat("ETCD_NAME=a\n", 30000) // 360 KB
	c.open(uri, "properties", big)
	for v := 2; v <= 5; v++ {
		c.send(nil, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"text": big + "ETCD_DEBUG=true\n"}},
		})
	}
	m := c.next()
	var p struct {
		Version int `json:"version"`
	}
	json.Unmarshal(m.Params, &p)
	if m.Method != "textDocument/publishDiagnostics" || p.Version != 5 || find(c.diags[uri], "debug-flag") == nil {
		t.Fatalf("after the pause: %s version %d, %v", m.Method, p.Version, codes(c.diags[uri]))
	}
	huge := fileURI(filepath.Join(t.TempDir(), "huge.env"))
	ds := c.open(huge, "properties", strings.Repeat("ETCD_DEBUG=true\n", 700000)) // 11 MB
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "over the") {
		t.Errorf("an oversized document: %+v", ds)
	}
	c.shutdownExit()
}
