# STUB: the app's part of the demo world, called by load_demo with the organisations by slug.


def load(orgs):
    return None
