"""What happens to practices and replications, for the apps above to act on.

Sent by ``practices.services`` inside the transaction with keyword arguments; a receiver
that acts outside the database (mail, notifications) waits for the commit
(``transaction.on_commit``), so nobody hears of a change that was rolled back.
"""

from django.dispatch import Signal

# replication, actor: an organisation asked to implement a practice ("Хочу внедрить").
replication_requested = Signal()
# replication, status, actor: accepted (in progress), declined, implemented or dropped.
replication_status_changed = Signal()
# practice, actor: a moderator returned the practice with a comment.
practice_returned = Signal()
# practice, actor: the practice was published.
practice_published = Signal()
