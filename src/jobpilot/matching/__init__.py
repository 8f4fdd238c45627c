"""Matching: ranking jobs for candidates and candidates for jobs, explained."""
