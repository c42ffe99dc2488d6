-- cf-token-lint's language server in Neovim (0.7 or newer, no plugins needed): diagnostics
-- as you type, hover (K) on a template URL, and quick fixes (vim.lsp.buf.code_action()).
-- Save as ~/.config/nvim/plugin/cf-token-lint.lua.
local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'mdx', 'html', 'yaml', 'json', 'jsonc', 'toml', 'rst', 'asciidoc',
    'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte', 'astro',
    'python', 'ruby', 'php', 'go', 'rust', 'java', 'kotlin', 'cs', 'swift', 'sh', 'bash', 'zsh',
    'ps1' },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'cf-token-lint',
      cmd = { 'cf-token-lint', 'lsp' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
