"""What happens to applications, for the apps above to act on.

Sent by ``events.services`` inside the transaction with keyword arguments; a receiver that
acts outside the database (mail, notifications) waits for the commit.
"""

from django.dispatch import Signal

# application, actor: a person applied (or renewed an application); its status is submitted
# or waitlisted.
application_submitted = Signal()
# application, notice, actor: a later change the applicant hears of: accepted, declined,
# withdrawn, "promoted" from the waiting list, "cancelled" with the event.
application_status_changed = Signal()
