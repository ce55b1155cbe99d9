"""Public views of the debate pages (routes of `DebatePage`, and the forms posted to /debats/)."""
