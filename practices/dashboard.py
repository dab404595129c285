# STUB: the app's section of /dashboard/. Returns context for templates/portal/dashboard.html.


def dashboard_context(user):
    return {}
