"""The rule checks, grouped by what they read: links, entries, structure, diagnostics."""
