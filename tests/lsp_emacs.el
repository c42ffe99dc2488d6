;;; lsp_emacs.el --- driven by tests/lsp.rs  -*- lexical-binding: t -*-
;; Emacs with Eglot (Debian's emacs-nox, elpa-eglot, elpa-markdown-mode) against
;; `cf-token-lint lsp`, set up by the README's snippet (editors/emacs/cf-token-lint-eglot.el),
;; loaded unchanged: a Markdown page ($CF_PAGE) and a source file ($CF_SOURCE), each with its
;; diagnostics and quick fix, and hover on $CF_SEED. In --batch no command loop runs, so the test runs `post-command-hook'
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

;; What Flymake and Eglot show for a file: its diagnostics, then the quick fix for the first
;; one, chosen from `eglot-code-actions' as a user picks it.
(defun cf-check (path)
  (let ((buffer (cf-open path))
        (seen nil))
    (with-current-buffer buffer
      (push (cons 'mode (symbol-name major-mode)) seen)
      (cf-wait (format "diagnostics in %s" path) (lambda () (flymake-start) (flymake-diagnostics)))
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
              seen)
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
          (push (cons 'actions (vconcat offered)) seen)
          (push (cons 'fixed_line
                      (save-excursion
                        (goto-char beg)
                        (buffer-substring-no-properties (line-beginning-position)
                                                        (line-end-position))))
                seen))))
    seen))

(defun cf-run ()
  (load (getenv "CF_SNIPPET") nil t)
  ;; A Markdown page, then source code ($CF_SOURCE, in a built-in mode): one server, started
  ;; by the first buffer, manages both.
  (push (cons 'page (cf-check (getenv "CF_PAGE"))) cf-out)
  (when (getenv "CF_SOURCE")
    (push (cons 'source (cf-check (getenv "CF_SOURCE"))) cf-out))
  (let ((servers (cl-loop for ss being the hash-values of eglot--servers-by-project append ss)))
    (push (cons 'servers (length servers)) cf-out)
    ;; The language id Eglot 1.9 sends for every buffer of the server: its first buffer's.
    (push (cons 'language_id (eglot--language-id (car servers))) cf-out))
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
