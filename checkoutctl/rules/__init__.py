"""Provider rules as data: field specs that both validate order files and generate JSON Schema."""
