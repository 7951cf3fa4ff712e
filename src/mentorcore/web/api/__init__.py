"""The JSON API of the web face: one module per resource, each a router
whose routes :func:`mentorcore.web.app.api_router` binds to an engine."""
