"""The local emulator of all four providers (CONTRACT §6): werkzeug routing, SQLite state."""
