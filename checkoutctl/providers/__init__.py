"""One folder per provider: its description (`__init__`), rules, request and response mappings, sandbox."""
