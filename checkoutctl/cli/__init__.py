"""The command-line layer: one module per command group; each parses options and calls one function."""
