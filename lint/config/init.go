package config

// Template is what `etcdlint init` writes: every setting, commented out at
// its default, so a team uncomments what it decides.
const Template = `# etcdlint configuration. etcdlint uses the .etcdlint.toml nearest to the
# linted paths; command-line flags override it.

# The upgrade to audit. etcd upgrades one minor version at a time.
# to = "3.5"
# from = "3.4"          # default: the minor before "to"

# Exit 1 when a finding has this severity or higher: "error", "warning" or "info".
# fail-on = "warning"

# Which files to lint, as globs relative to this file. A glob without a "/"
# matches a name at any depth; a glob matching a directory covers its files.
# include = ["deploy", "roles/etcd"]
# exclude = ["vendor", "**/testdata"]

[rules]
# Run only these rules (default: all; see 'etcdlint rules').
# enable = []
# Never run these rules.
# disable = ["unknown-flag"]
# Report a rule at another severity.
# severity = { "enable-v2" = "error" }

# Settings for some paths; later overrides win.
# [[overrides]]
# paths = ["deploy/*.conf"]
# kind = "env"          # lint these as KEY=VALUE environment files
# enable = []           # turn rules disabled above back on here
# disable = ["legacy-ignored-flag"]
# severity = { "debug-flag" = "warning" }
`
