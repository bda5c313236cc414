"""Browser tests: a real tiny site served locally and driven in Chromium."""
