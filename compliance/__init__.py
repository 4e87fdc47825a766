"""compliance: rules-as-data checks for Swedish municipal quality governance."""
