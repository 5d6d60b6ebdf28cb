"""Helpers shared by the cross-language test suites (real server, real workers, loopback HTTP)."""
