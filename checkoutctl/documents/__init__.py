"""Reading order and cart files: bytes → YAML node trees that keep every line and column."""
