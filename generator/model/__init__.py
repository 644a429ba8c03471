"""The objects the stages hand each other: the public model (frozen, an allow-list of public fields, no
``private`` attribute anywhere) and the private store (values used only for checks, never published)."""
