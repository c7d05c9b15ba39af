"""Who may do what: local accounts, identity-provider users, roles."""

__all__ = ["accounts", "roles"]
