from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read/", views.mark_all_read, name="read-all"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("follow/<str:kind>/<str:key>/", views.follow, name="follow"),
    path("unfollow/<str:kind>/<str:key>/", views.unfollow, name="unfollow"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
