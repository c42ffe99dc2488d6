;;; lsp_emacs.el --- driven by tests/lsp.rs  -*- lexical-binding: t -*-
;; Emacs with Eglot (Debian's emacs-nox, elpa-eglot, elpa-markdown-mode) against
;; `cf-token-lint lsp`, set up by the README's snippet (editors/emacs/cf-token-lint-eglot.el),
;; loaded unchanged. In --batch no command loop runs, so the test runs `post-command-hook'
;; where a user's first keystroke would (that is when `eglot-ensure' connects), and waits for
;; the server by reading its output. Writes what it saw to $CF_OUT as JSON, then quits.
(require 'json)
(require 'cl-lib)
;; What an interactive start does and --batch skips: activate the installed packages, so
;; markdown-mode's autoloads map `.md' to it, as on a user's machine.
(package-activate-all)

(defvar cf-out nil "What the test saw, as an alist.")

(defun cf-wait (what pred &optional seconds)
  "Read process output until PRED is true; signal an error naming WHAT after SECONDS."
  (let ((deadline (+ (float-time) (or seconds 15))))
    (while (not (funcall pred))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun cf-open (path)
  "Visit PATH as a user would; the snippet's hook asks Eglot to connect."
  (find-file path)
  (run-hooks 'post-command-hook)
  (cf-wait (format "Eglot to manage %s (mode %s)" path major-mode)
           (lambda () (bound-and-true-p eglot--managed-mode)))
  (current-buffer))

(defun cf-run ()
  (load (getenv "CF_SNIPPET") nil t)
  ;; The diagnostic, where Flymake puts it.
  (let ((page (cf-open (getenv "CF_PAGE"))))
    (with-current-buffer page
      (cf-wait "diagnostics" (lambda () (flymake-start) (flymake-diagnostics)))
      (let ((diags (flymake-diagnostics)))
        (push (cons 'diagnostics
                    (vconcat
                     (mapcar (lambda (d)
                               (let ((beg (flymake-diagnostic-beg d))
                                     (end (flymake-diagnostic-end d)))
                                 `((line . ,(line-number-at-pos beg))
                                   ;; Characters from the line's start (`current-column'
                                   ;; would count display width: 2 for 日 and 😀).
                                   (col . ,(save-excursion (goto-char beg) (- beg (line-beginning-position))))
                                   (end_col . ,(save-excursion (goto-char end) (- end (line-beginning-position))))
                                   (text . ,(buffer-substring-no-properties beg end))
                                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                                   (message . ,(flymake-diagnostic-text d)))))
                             diags)))
              cf-out)
        ;; The quick fix, chosen from `eglot-code-actions' as a user picks it.
        (let* ((d (car diags))
               (beg (flymake-diagnostic-beg d))
               (end (flymake-diagnostic-end d))
               (offered nil)
               (completing-read-function
                (lambda (_prompt collection &rest _)
                  (setq offered (mapcar #'car collection))
                  (or (cl-find-if (lambda (title) (string-prefix-p "Fix:" title)) offered)
                      (error "No quick fix among %S" offered))))
               ;; Not a mouse event, so the menu is read with `completing-read'.
               (last-nonmenu-event ?\r))
          (goto-char beg)
          (eglot-code-actions beg end nil t)
          (push (cons 'actions (vconcat offered)) cf-out)
          (push (cons 'fixed_line
                      (save-excursion
                        (goto-char beg)
                        (buffer-substring-no-properties (line-beginning-position)
                                                        (line-end-position))))
                cf-out)))))
  ;; Hover on a seed URL: what eldoc would show.
  (let ((seed (cf-open (getenv "CF_SEED"))))
    (with-current-buffer seed
      (goto-char (+ (point-min) 40))
      (let ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                    (eglot--TextDocumentPositionParams))))
        (push (cons 'hover (plist-get (plist-get hover :contents) :value)) cf-out)))))

(condition-case err
    (cf-run)
  (error (push (cons 'error (error-message-string err)) cf-out)))
(with-temp-file (getenv "CF_OUT")
  (insert (json-encode cf-out)))
(kill-emacs 0)
