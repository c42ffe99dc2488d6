;; cf-token-lint for Emacs: M-x compile runs it; compilation mode's built-in `gnu' pattern
;; reads its `path:line:col: severity[rule]: message' lines, and M-g n jumps to each finding.
(setq compile-command "cf-token-lint --format compact --color never --quiet ")
