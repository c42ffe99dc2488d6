;; cf-token-lint's language server with Eglot (built into Emacs 29): diagnostics through
;; Flymake, hover with eldoc, quick fixes with M-x eglot-code-actions.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((markdown-mode gfm-mode yaml-mode html-mode mhtml-mode) . ("cf-token-lint" "lsp"))))
(add-hook 'markdown-mode-hook #'eglot-ensure)
