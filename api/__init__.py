"""The read API (``/api/v1/``): what the pages show, as JSON, for other regional portals and
the network's own tools.

Django REST framework, read-only: regions, topics, organisations, practices (the whole
passport), replications, events with their programme, and grant projects, each with the
same visibility and consent rules as its page (the apps' own querysets: a draft is visible
nowhere), the lists' filters through the lists' own FilterSets, cursor pagination, ETag and
Last-Modified with 304 answers, a rate limit per client address and CORS for GET. The schema
(OpenAPI 3, drf-spectacular) is at ``/api/schema/`` and the interactive docs, served from
this server (drf-spectacular-sidecar), at ``/api/docs/``.

The layer sits between ``portal`` and ``events``: it reads from events, practices,
organizations and common, and nothing below imports it.
"""
