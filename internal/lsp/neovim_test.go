package lsp_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/testprog"
)

// drive is the editor side of TestNeovim: wait for the debug-flag
// diagnostic, ask for the code actions on it, apply the preferred quick fix
// and write the file, then leave a line in $OUT saying what happened. It
// uses only what Neovim 0.7 (Debian's) has.
const drive = `
local file, out = os.getenv('FILE'), os.getenv('OUT')
local function done(msg)
  local f = io.open(out, 'w'); f:write(msg); f:close()
  vim.cmd('qa!')
end
vim.cmd('edit ' .. file)
local function find()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 'debug-flag' then return d end
  end
end
if not vim.wait(30000, function() return find() ~= nil end, 50) then
  return done('no debug-flag diagnostic: ' .. vim.inspect(vim.diagnostic.get(0)))
end
local d = find()
local client = vim.lsp.get_active_clients()[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {}, only = { 'quickfix' } },
}
local res = client.request_sync('textDocument/codeAction', params, 10000, 0)
for _, a in ipairs((res and res.result) or {}) do
  if a.edit and a.isPreferred then
    vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding)
    vim.cmd('write')
    return done('applied: ' .. a.title)
  end
end
done('no preferred quick fix: ' .. vim.inspect(res))
`

// TestNeovim drives a headless Neovim with the setup the README shows for
// Neovim 0.7 (editors/neovim/etcdlint-0.7.lua): it opens a unit, waits for
// etcdlint's diagnostics, applies the quick fix and writes the file, which
// must then be what etcdlint --fix writes. .ci/run installs Debian's
// Neovim (0.7) where it can.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("no nvim on PATH (.ci/run installs Debian's neovim)")
	}
	dir := t.TempDir()
	bin := testprog.Path(t, "etcdlint")
	unit := filepath.Join(dir, "etcd.service")
	src := "[Unit]\nDescription=etcd\n\n[Service]\nExecStart=/usr/bin/etcd --name n1 --debug\n"
	for _, p := range []string{unit, filepath.Join(dir, ".etcdlint.toml")} {
		content := src
		if filepath.Base(p) == ".etcdlint.toml" {
			content = "to = \"3.5\"\n"
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := fixedByCLI(t, unit)
	script, out := filepath.Join(dir, "drive.lua"), filepath.Join(dir, "out.txt")
	if err := os.WriteFile(script, []byte(drive), 0o644); err != nil {
		t.Fatal(err)
	}
	setup, err := filepath.Abs("../../editors/neovim/etcdlint-0.7.lua")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "--clean", "--cmd", "let g:etcdlint_cmd = '"+bin+"'", "-u", setup, "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FILE="+unit, "OUT="+out, "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	said, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(said), "applied: replace debug with log-level=debug") {
		t.Fatalf("Neovim says: %s", said)
	}
	got, _ := os.ReadFile(unit)
	if string(got) != want {
		t.Errorf("the file Neovim wrote:\n%s\nwhat etcdlint --fix writes:\n%s", got, want)
	}
}
