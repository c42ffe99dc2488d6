-- Driven by tests/lsp.rs: Neovim's built-in LSP client (0.7 API, Debian's package) against
-- `cf-token-lint lsp`, set up by the README's snippet (editors/neovim/cf-token-lint.lua):
-- a Markdown page ($CF_PAGE) and a source file ($CF_SOURCE), each with its diagnostics and
-- quick fix, and hover on $CF_SEED. Writes what it saw to $CF_OUT as JSON, then quits.
local out = {}

-- Opens a file; the snippet's FileType autocommand attaches the server.
local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.wait(10000, function() return next(vim.lsp.buf_get_clients(bufnr)) ~= nil end, 20),
    'the snippet did not attach the server to ' .. path .. ' (filetype ' .. vim.bo.filetype
      .. ', ' .. #vim.lsp.get_active_clients() .. ' clients, cf-token-lint is '
      .. vim.fn.exepath('cf-token-lint') .. ')')
  return bufnr
end

-- What Neovim shows for a file: its diagnostics, then the first one's quick fix applied.
local function check(path)
  local seen = {}
  local buf = open(path)
  local client_id = next(vim.lsp.buf_get_clients(buf))
  assert(vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics in ' .. path)
  seen.filetype = vim.bo[buf].filetype
  seen.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(seen.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = code, severity = d.severity })
  end

  -- The quick fix, applied to the buffer.
  local d = vim.diagnostic.get(buf)[1]
  local client = vim.lsp.get_client_by_id(client_id)
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = {
      start = { line = d.lnum, character = vim.str_utfindex(line, d.col) },
      ['end'] = { line = d.lnum, character = vim.str_utfindex(line, d.end_col) },
    },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  local fixed = false
  for _, answer in pairs(answers or {}) do
    for _, action in ipairs(answer.result or {}) do
      if not fixed and action.title:find('^Fix:') then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
        fixed = true
      end
    end
  end
  assert(fixed, 'no quick fix was offered in ' .. path)
  seen.fixed_line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  return seen
end

local function run()
  dofile(os.getenv('CF_SNIPPET'))

  -- A Markdown page, then source code ($CF_SOURCE): the same server, attached by file type.
  out.page = check(os.getenv('CF_PAGE'))
  if os.getenv('CF_SOURCE') then out.source = check(os.getenv('CF_SOURCE')) end
  out.clients = #vim.lsp.get_active_clients()

  -- Hover on a seed URL.
  local seed = open(os.getenv('CF_SEED'))
  vim.api.nvim_win_set_cursor(0, { 1, 40 })
  local hovers = vim.lsp.buf_request_sync(seed, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
  for _, answer in pairs(hovers or {}) do
    if answer.result then out.hover = answer.result.contents.value end
  end
end

local ok, err = pcall(run)
if not ok then out.error = tostring(err) end
local file = io.open(os.getenv('CF_OUT'), 'w')
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd('qa!')
