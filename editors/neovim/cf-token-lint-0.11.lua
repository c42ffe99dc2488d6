-- cf-token-lint's language server in Neovim 0.11 or newer, with the built-in vim.lsp.config
-- (no plugins): put this in init.lua. The root is the nearest directory holding a
-- configuration file or .git, so `cf-token-lint.toml` applies as it does for `check`.
vim.lsp.config('cf_token_lint', {
  cmd = { 'cf-token-lint', 'lsp' },
  filetypes = { 'markdown', 'mdx', 'html', 'yaml', 'json', 'jsonc', 'toml', 'rst', 'asciidoc',
    'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte', 'astro',
    'python', 'ruby', 'php', 'go', 'rust', 'java', 'kotlin', 'cs', 'swift', 'sh', 'bash', 'zsh',
    'ps1' },
  root_markers = { 'cf-token-lint.toml', '.cf-token-lint.toml', '.git' },
})
vim.lsp.enable('cf_token_lint')
