"""Reports for partners, recommendations and before-and-after comparisons (/reports/)."""
