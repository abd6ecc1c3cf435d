"""The review area for coproduction workers."""
