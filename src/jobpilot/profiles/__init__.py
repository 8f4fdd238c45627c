"""Candidate profiles: resumes (files, versions, parsing), derived facts, preferences."""
