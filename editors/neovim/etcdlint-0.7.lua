-- etcdlint for Neovim 0.7 to 0.9 (vim.lsp.start and vim.fs.root came later):
-- one etcdlint client per project root, attached to the buffers it can lint.

-- file types Neovim 0.7 does not detect: units anywhere, env files
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = { '*.service', '*.socket', '*.timer', '*.service.d/*.conf' },
  command = 'setfiletype systemd',
})
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = { '*.env', '.env' },
  command = 'setfiletype sh',
})

local clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'systemd', 'sh', 'yaml', 'dockerfile', 'markdown', 'conf' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local marker = vim.fn.findfile('.etcdlint.toml', vim.fn.fnamemodify(file, ':p:h') .. ';')
    local root = marker ~= '' and vim.fn.fnamemodify(marker, ':p:h') or vim.fn.getcwd()
    if not clients[root] then
      clients[root] = vim.lsp.start_client({
        name = 'etcdlint',
        cmd = { vim.g.etcdlint_cmd or 'etcdlint', 'lsp' }, -- add '--to', '3.6' for the next hop
        root_dir = root,
      })
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
  end,
})
