"""Member development: applicant → activist → development target → probationary → full member (发展党员)."""
