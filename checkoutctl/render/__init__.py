"""Everything a user sees of an order: sanitising, tables, JSON."""
