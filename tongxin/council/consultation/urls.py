"""Consultation's pages: councils and topics, meetings and minutes, residents' public pages, figures."""

from tongxin.council.consultation import figure_urls, meeting_urls, public_urls, topic_urls

app_name = "consultation"

urlpatterns = [
    *topic_urls.urlpatterns,
    *meeting_urls.urlpatterns,
    *public_urls.urlpatterns,
    *figure_urls.urlpatterns,
]
