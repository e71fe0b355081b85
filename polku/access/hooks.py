"""The access rule's part of the client overview (polku.core.hooks): which acts the viewer may
do (policy.overview_section)."""

from polku.core import hooks

from . import policy

hooks.client_sections.register(policy.overview_section)
