"""ledger: the estates' income and expense ledgers (staff), and the owners' public ledger."""

from django.urls import path

from tongxin.estates.ledger.views import lists, public, staff

app_name = "ledger"

urlpatterns = [
    path("estates/<int:pk>/ledger/", staff.ledger, name="ledger"),
    path("estates/<int:pk>/ledger/new/", staff.entry_new, name="entry_new"),
    path("estates/<int:pk>/ledger/publish/", staff.month_publish, name="month_publish"),
    path("estates/<int:pk>/ledger/categories/", staff.categories, name="categories"),
    path("estates/ledger/categories/<int:pk>/toggle/", staff.category_toggle, name="category_toggle"),
    path("estates/ledger/entries/<int:pk>/", staff.entry_detail, name="entry"),
    path("estates/ledger/entries/<int:pk>/edit/", staff.entry_edit, name="entry_edit"),
    path("estates/ledger/entries/<int:pk>/discard/", staff.entry_discard, name="entry_discard"),
    path("estates/ledger/entries/<int:pk>/approve/", staff.entry_approve, name="entry_approve"),
    path("estates/ledger/entries/<int:pk>/correct/", staff.entry_correct, name="entry_correct"),
    path("estates/ledger/receipts/<int:pk>/<str:size>/", staff.receipt, name="receipt"),
    path("estates/ledger/drafts/", lists.draft_list, name="drafts"),
    path("estates/ledger/ready/", lists.ready_list, name="ready"),
    path("estates/ledger/questions/", lists.question_list, name="questions"),
    path("estates/ledger/questions/<int:pk>/answer/", staff.question_answer, name="question_answer"),
    path("public/estates/<int:pk>/ledger/", public.public_ledger, name="public"),
    path("public/estates/ledger/entries/<int:pk>/ask/", public.ask, name="public_ask"),
]
