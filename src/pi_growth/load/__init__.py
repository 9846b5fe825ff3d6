"""Loading: scenario and rate-table files in (YAML, CSV extracts, git revisions); validated
models and located problems out."""
