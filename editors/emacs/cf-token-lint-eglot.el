;; cf-token-lint's language server with Eglot (built into Emacs 29): diagnostics through
;; Flymake, hover with eldoc, quick fixes with M-x eglot-code-actions. Eglot gives a buffer
;; one server, so drop the modes where you use another (pyright, gopls, rust-analyzer, ...).
(defvar cf-token-lint-modes
  '(markdown-mode gfm-mode yaml-mode yaml-ts-mode html-mode mhtml-mode web-mode
    js-mode js-ts-mode typescript-mode typescript-ts-mode tsx-ts-mode
    vue-mode svelte-mode astro-ts-mode python-mode python-ts-mode ruby-mode ruby-ts-mode
    php-mode go-mode go-ts-mode rust-mode rust-ts-mode java-mode java-ts-mode kotlin-mode
    csharp-mode csharp-ts-mode swift-mode sh-mode bash-ts-mode powershell-mode)
  "Major modes whose buffers cf-token-lint checks.")
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs (cons cf-token-lint-modes '("cf-token-lint" "lsp"))))
(dolist (mode cf-token-lint-modes)
  (add-hook (intern (format "%s-hook" mode)) #'eglot-ensure))
