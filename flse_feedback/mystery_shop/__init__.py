"""Mystery shop checklists, filled in on a phone right after a covert visit."""
