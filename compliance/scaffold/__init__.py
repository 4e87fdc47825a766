"""`compliance init`: a new policy repository that passes its own check out of the box."""

from compliance.scaffold.command import run_init

__all__ = ["run_init"]
