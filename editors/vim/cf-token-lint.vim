" cf-token-lint for Vim and Neovim: `:make` lints the current file, `:copen` lists findings.
" Save as ~/.vim/after/ftplugin/markdown.vim (Neovim: ~/.config/nvim/after/ftplugin/markdown.vim),
" and likewise for html, yaml, json, toml and source file types (python, typescript, go, sh, ...).
setlocal makeprg=cf-token-lint\ --format\ compact\ --color\ never\ --quiet\ %
setlocal errorformat=%f:%l:%c:\ %trror[%.%#]:\ %m,%f:%l:%c:\ %tarning[%.%#]:\ %m,%f:%l:%c:\ %tote[%.%#]:\ %m
