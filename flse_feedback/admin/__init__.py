"""Admin: accounts, sites, scenarios and training sessions."""
