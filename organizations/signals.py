"""What happens to memberships, for the apps above to act on.

Sent by ``organizations.services`` inside the transaction with keyword arguments; a receiver
that acts outside the database waits for the commit.
"""

from django.dispatch import Signal

# invitation: a manager invited a person. Sent for every recorded invitation, whether or not
# the identifier names an account, so that the request does the same work either way.
invitation_created = Signal()
